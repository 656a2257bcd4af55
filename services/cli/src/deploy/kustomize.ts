import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import type { K8sObject } from './k8s-objects.ts';

const run = promisify(execFile);

/** `KUBECTL`, else `kubectl` on PATH (Debian's kubernetes-client: kubectl 1.20, kustomize v2). */
export function findKubectl(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.KUBECTL) return existsSync(env.KUBECTL) ? env.KUBECTL : undefined;
  return (env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, 'kubectl'))
    .find((path) => existsSync(path));
}

/** `kubectl kustomize DIR` (offline), parsed into objects. */
export async function kustomizeBuild(kubectl: string, dir: string): Promise<K8sObject[]> {
  const { stdout } = await run(kubectl, ['kustomize', dir], { maxBuffer: 16 * 1024 * 1024 });
  return parseAllDocuments(stdout)
    .map((document) => document.toJS() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null);
}

/**
 * Tests that need a tool skip without it, unless MWL_REQUIRE_DEPLOY_TOOLS=1 (CI sets it: there a
 * missing docker-compose, kubectl or promtool fails the run instead of skipping the checks).
 */
export function skipWithout(
  tool: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  return tool === undefined && env.MWL_REQUIRE_DEPLOY_TOOLS !== '1';
}
