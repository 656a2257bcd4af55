import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { copyOf, COMPOSE_FILE, COMPOSE_SERVICES, readCompose, REPO } from './deploy-files.ts';
import { skipWithout } from './kustomize.ts';

/** Debian's docker-compose 1.29 (`config` works offline, no engine needed) on docker-compose.yml. */

const run = promisify(execFile);
const binary = (process.env.PATH ?? '')
  .split(delimiter)
  .map((dir) => join(dir, 'docker-compose'))
  .find((path) => existsSync(path));

async function composeConfig(file: string, ...args: string[]) {
  try {
    const { stdout } = await run(
      binary!,
      ['--project-directory', REPO, '--env-file', join(REPO, '.env.example'), '-f', file, 'config', ...args],
      { cwd: REPO },
    );
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe.skipIf(skipWithout(binary, process.env))('docker-compose config', () => {
  it('accepts docker-compose.yml with .env.example (-q)', async () => {
    const result = await composeConfig(COMPOSE_FILE, '-q');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('lists the services of the deployment', async () => {
    const result = await composeConfig(COMPOSE_FILE, '--services');
    expect(result.stdout.trim().split('\n').sort()).toEqual(COMPOSE_SERVICES);
  });

  it('rejects a broken copy (a depends_on condition Compose does not know)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mwl-compose-'));
    dirs.push(dir);
    const broken = copyOf(await readCompose());
    (broken.services.writer!.depends_on as Record<string, { condition: string }>).postgres!.condition =
      'healthy';
    const file = join(dir, 'docker-compose.yml');
    await writeFile(file, stringify(broken));
    const result = await composeConfig(file, '-q');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('condition');
  });
});
