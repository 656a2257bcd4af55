import { describe, expect, it } from 'vitest';
import { insecureUrl } from './http.ts';

describe('insecureUrl', () => {
  it.each([
    ['https://redcap.example.org/api/', false],
    ['http://redcap.example.org/api/', true],
    ['http://10.0.0.5/api/', true],
    ['http://127.0.0.1:8080/api/', false],
    ['http://127.1.2.3/api/', false],
    ['http://localhost/api/', false],
    ['http://[::1]:8080/api/', false],
    ['http://127.0.0.1.example.org/api/', true],
    ['not a url', false],
  ])('%s → %s (credentials would cross a network in clear text)', (url, insecure) => {
    expect(insecureUrl(url)).toBe(insecure);
  });
});
