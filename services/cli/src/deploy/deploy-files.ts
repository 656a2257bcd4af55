import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { ComposeFile } from './compose-policy.ts';
import { parseDockerfile, type ImageSpec } from './dockerfile.ts';

/** The repository's deployment files, read for the tests in this folder. */

export const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
export const COMPOSE_FILE = join(REPO, 'docker-compose.yml');
export const DOCKERFILE = join(REPO, 'Dockerfile');
export const K8S_DIR = join(REPO, 'k8s');
export const DEPLOY_DIR = join(REPO, 'deploy');

/** The services docker-compose.yml runs, sorted. */
export const COMPOSE_SERVICES = [
  'api',
  'fetcher-calpendo',
  'fetcher-redcap',
  'gateway',
  'migrate',
  'postgres',
  'redis',
  'writer',
];

export async function readCompose(path = COMPOSE_FILE): Promise<ComposeFile> {
  // `merge: true`: the `<<: *mwl` keys, as Compose reads them.
  return parse(await readFile(path, 'utf8'), { merge: true }) as ComposeFile;
}

export async function readImageSpec(path = DOCKERFILE): Promise<ImageSpec> {
  return parseDockerfile(await readFile(path, 'utf8'));
}

/** A deep copy to break on purpose. */
export function copyOf<T>(value: T): T {
  return structuredClone(value);
}
