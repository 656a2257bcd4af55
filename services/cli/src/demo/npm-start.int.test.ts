import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, REPO_ROOT, scrubbedEnv, spawnCli, waitFor } from '../test-support.ts';

/**
 * Acceptance: `npm start` on the day this runs lists at least one demo item for that day through
 * `mwl-bridge find`. Runs the root package.json's start script as npm runs it (each `&&` step in a
 * shell, node_modules/.bin on PATH, from the repository root); only the ports and the data folder
 * are this test's own.
 */

const dirs: string[] = [];
const children: { kill(signal: NodeJS.Signals): boolean; exitCode: number | null }[] = [];
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('npm start', () => {
  it('serves demo items for today, whatever day it is', { timeout: 120_000 }, async () => {
    const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: { start: string };
    };
    const steps = pkg.scripts.start.split(' && ');
    expect(steps.at(-1)).toMatch(/ start --config examples\/demo\/mwl\.json$/);
    const dir = await mkdtemp(join(tmpdir(), 'mwl-npm-start-'));
    dirs.push(dir);
    const healthPort = await freePort();
    const gatewayPort = await freePort();
    const env = scrubbedEnv({
      PATH: `${join(REPO_ROOT, 'node_modules/.bin')}${delimiter}${process.env.PATH ?? ''}`,
      GATEWAY_PORT: String(gatewayPort),
      HEALTH_PORT: String(healthPort),
      MWL_DATA_DIR: join(dir, 'data'),
    });
    const run = (step: string) => {
      const child = spawn('sh', ['-c', `exec ${step}`], {
        cwd: REPO_ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      return { child, exited, output: () => output };
    };
    for (const step of steps.slice(0, -1)) {
      const done = run(step);
      expect(await done.exited, done.output()).toBe(0);
    }
    const bridge = run(steps.at(-1)!);

    // `find --json` prints the data sets on stdout and "N matches, final status ..." on stderr.
    const matches = await waitFor(
      'a demo item for today',
      async () => {
        if (bridge.child.exitCode !== null) throw new Error(`npm start exited: ${bridge.output()}`);
        const find = spawnCli(
          ['find', '--port', String(gatewayPort), '--aec', 'MWL_BRIDGE', '--date', 'today', '--json'],
          env,
        );
        if ((await find.exited) !== 0) return undefined;
        const count = Number(/(\d+) match(?:es)?, final status/.exec(find.output())?.[1] ?? 0);
        return count > 0 ? find.output() : undefined;
      },
      90_000,
    );
    expect(matches).toContain('"PatientID"');

    bridge.child.kill('SIGTERM');
    expect(await bridge.exited, bridge.output()).toBe(0);
  });
});
