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
