import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from '../test-support.ts';
import { REPO } from './deploy-files.ts';
import { shellBlocks, unmarkedBlocks } from './doc-blocks.ts';
import { findKubectl } from './kustomize.ts';

/**
 * The deployment guides' commands: every shell block says how it is checked; the `# [tested]`
 * ones run here, in order, in a folder laid out like a site's /opt/mwl-bridge (the compose file,
 * .env.example, examples/, k8s/, deploy/), with `mwl-bridge` on PATH.
 */

const run = promisify(execFile);
const GUIDES = ['docs/DEPLOY-VM.md', 'docs/DEPLOY-KUBERNETES.md', 'docs/DEPLOY-AIRGAPPED.md'];
const SITE_FILES = ['docker-compose.yml', '.env.example', 'examples', 'k8s', 'deploy'];
const onPath = (tool: string) =>
  (process.env.PATH ?? '').split(delimiter).some((dir) => existsSync(join(dir, tool)));

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function site(): Promise<{ dir: string; env: Record<string, string> }> {
  const dir = await mkdtemp(join(tmpdir(), 'mwl-site-'));
  dirs.push(dir);
  for (const file of SITE_FILES) await cp(join(REPO, file), join(dir, file), { recursive: true });
  const bin = join(dir, '.bin');
  await mkdir(bin);
  await writeFile(join(bin, 'mwl-bridge'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  await chmod(join(bin, 'mwl-bridge'), 0o755);
  const kubectl = findKubectl(process.env);
  const path = [bin, ...(kubectl ? [join(kubectl, '..')] : []), process.env.PATH ?? ''].join(delimiter);
  return { dir, env: { PATH: path, HOME: dir, LANG: 'C.UTF-8' } };
}

describe('the deployment guides', () => {
  it('mark every shell block: tested here, or what it needs', async () => {
    const problems: string[] = [];
    for (const guide of GUIDES)
      problems.push(...unmarkedBlocks(guide, await readFile(join(REPO, guide), 'utf8')));
    expect(problems).toEqual([]);
  });

  it.each(GUIDES)('%s: the [tested] blocks run and exit 0', { timeout: 120_000 }, async (guide) => {
    const blocks = shellBlocks(await readFile(join(REPO, guide), 'utf8')).filter(
      (b) => b.marker === 'tested',
    );
    const tools = ['docker-compose', 'kubectl', 'promtool', 'openssl'];
    const missing = tools.filter(
      (tool) => !onPath(tool) && !(tool === 'kubectl' && findKubectl(process.env)),
    );
    const { dir, env } = await site();
    for (const block of blocks) {
      const needs = missing.filter((tool) => new RegExp(`(^|[\\s|(])${tool}\\s`, 'm').test(block.script));
      // CI installs them (.ci/run, MWL_REQUIRE_DEPLOY_TOOLS=1); a developer machine may not have them.
      if (needs.length > 0 && process.env.MWL_REQUIRE_DEPLOY_TOOLS !== '1') continue;
      try {
        await run('bash', ['-euo', 'pipefail', '-c', block.script], {
          cwd: dir,
          env,
          maxBuffer: 16 * 1024 * 1024,
        });
      } catch (error) {
        const failed = error as { stdout?: string; stderr?: string; message: string };
        throw new Error(
          `${guide}:${block.line} failed:\n${block.script}\n${failed.stdout ?? ''}${failed.stderr ?? failed.message}`,
          {
            cause: error,
          },
        );
      }
    }
    expect(blocks.length).toBeGreaterThan(0);
  });
});
