import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { envSecret, parseEnv } from './env.ts';
import { loadConfigFile } from './load-config-file.ts';
import { readSecretFile } from './read-secret.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mwl-config-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadConfigFile', () => {
  it('returns the text and the parsed JSON of a file', async () => {
    const path = join(dir, 'ok.json');
    await writeFile(path, '{ "timezone": "UTC" }\n');
    expect(await loadConfigFile(path)).toEqual({
      ok: true,
      path,
      text: '{ "timezone": "UTC" }\n',
      json: { timezone: 'UTC' },
    });
  });

  it('reports a missing file', async () => {
    const path = join(dir, 'missing.json');
    expect(await loadConfigFile(path)).toEqual({
      ok: false,
      path,
      problems: [{ path: '', message: `cannot read ${path}: file not found` }],
    });
  });

  it('reports invalid JSON with its line', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(path, '{\n  "a": 1,\n}\n');
    const result = await loadConfigFile(path);
    expect(result).toMatchObject({
      ok: false,
      problems: [{ message: expect.stringMatching(/^invalid JSON at line 3/) }],
    });
  });
});

describe('readSecretFile with parseEnv', () => {
  it('reads a secret from a real X_FILE', async () => {
    const path = join(dir, 'token');
    await writeFile(path, 'file-secret-value\n', { mode: 0o600 });
    const result = parseEnv(
      z.object({ TOKEN: envSecret() }),
      { TOKEN_FILE: path },
      { readFile: readSecretFile },
    );
    expect(result).toEqual({ ok: true, env: { TOKEN: 'file-secret-value' } });
  });

  it('reports an unreadable X_FILE by its error code', () => {
    const result = parseEnv(
      z.object({ TOKEN: envSecret() }),
      { TOKEN_FILE: join(dir, 'nope') },
      { readFile: readSecretFile },
    );
    expect(result).toEqual({
      ok: false,
      problems: [{ path: 'TOKEN_FILE', message: 'cannot read the secret file: ENOENT' }],
    });
  });
});
