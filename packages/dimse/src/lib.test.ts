import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadDcmjs } from './lib.ts';

describe('lib', () => {
  it('gives dcmjs-dimse and us one dcmjs instance, its minified build', () => {
    const requireCjs = createRequire(import.meta.url);
    const requireFromDimse = createRequire(requireCjs.resolve('dcmjs-dimse'));
    const entry = requireCjs.cache[requireFromDimse.resolve('dcmjs')];
    expect(entry?.filename).toMatch(/dcmjs\.min\.js$/);
    expect(loadDcmjs()).toBe(entry?.exports);
    expect(loadDcmjs().data.DicomMetaDictionary.nameMap.PatientName?.tag).toBe('(0010,0010)');
  });
});
