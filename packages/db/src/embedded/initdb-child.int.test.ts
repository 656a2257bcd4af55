import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedInitError } from '../errors.ts';
import { initDataDirInChild } from './initdb-child.ts';

describe('initDataDirInChild', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'mwl-initdb-'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates a cluster in a new folder once, and leaves an existing one alone', async () => {
    const dataDir = path.join(root, 'data');
    expect(await initDataDirInChild(dataDir)).toBe(true);
    await expect(access(path.join(dataDir, 'PG_VERSION'))).resolves.toBeUndefined();
    expect(await initDataDirInChild(dataDir)).toBe(false);
  });

  it('leaves a folder that is not a path (memory://) to PGlite', async () => {
    expect(await initDataDirInChild('memory://')).toBe(false);
  });

  it('reports a folder it cannot create with a stable code', async () => {
    const file = path.join(root, 'a-file');
    await writeFile(file, 'not a folder');
    const creating = initDataDirInChild(path.join(file, 'data'));
    await expect(creating).rejects.toBeInstanceOf(EmbeddedInitError);
    await expect(creating).rejects.toMatchObject({ code: 'MWL_ERR_DB_EMBEDDED_INIT' });
  });

  it('stops a child that takes longer than its bound', async () => {
    const creating = initDataDirInChild(path.join(root, 'slow'), { timeoutMs: 50 });
    await expect(creating).rejects.toThrow(/timed out after 50 ms/);
  });
});
