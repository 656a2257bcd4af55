import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEPLOY_DIR } from './deploy-files.ts';
import { skipWithout } from './kustomize.ts';

/** promtool (Debian's prometheus package): the alert rules parse, and fire on made-up series. */

const run = promisify(execFile);
const promtool = (process.env.PATH ?? '')
  .split(delimiter)
  .map((dir) => join(dir, 'promtool'))
  .find((path) => existsSync(path));
const RULES = join(DEPLOY_DIR, 'prometheus');

describe.skipIf(skipWithout(promtool, process.env))('promtool', () => {
  it('check rules: the alert rules are valid', async () => {
    const { stdout } = await run(promtool!, ['check', 'rules', 'mwl-bridge-alerts.yml'], { cwd: RULES });
    expect(stdout).toContain('SUCCESS');
  });

  it('test rules: each alert fires on its made-up series (mwl-bridge-alerts.test.yml)', async () => {
    const { stdout } = await run(promtool!, ['test', 'rules', 'mwl-bridge-alerts.test.yml'], { cwd: RULES });
    expect(stdout).toContain('SUCCESS');
  });
});
