import type { K8sObject } from './k8s-objects.ts';

/**
 * Checks an object against the Kubernetes OpenAPI schema of its kind (the `kubernetes-models`
 * package: types, required fields, formats; it does not catch a misspelled field name).
 * Returns the problems, empty when valid.
 */

interface Model {
  validate(): void;
}
type ModelClass = new (data: unknown) => Model;

/** The API groups a deployment of mwl-bridge uses (a static list: the bundler sees each import). */
const GROUPS: Readonly<Record<string, () => Promise<Record<string, unknown>>>> = {
  v1: () => import('kubernetes-models/v1'),
  'apps/v1': () => import('kubernetes-models/apps/v1'),
  'batch/v1': () => import('kubernetes-models/batch/v1'),
  'policy/v1': () => import('kubernetes-models/policy/v1'),
  'autoscaling/v2': () => import('kubernetes-models/autoscaling/v2'),
  'networking.k8s.io/v1': () => import('kubernetes-models/networking.k8s.io/v1'),
};

async function modelOf(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  const load = Object.hasOwn(GROUPS, apiVersion) ? GROUPS[apiVersion] : undefined;
  const model = load ? (await load())[kind] : undefined;
  return typeof model === 'function' ? (model as ModelClass) : undefined;
}

export async function validateK8sObject(object: K8sObject): Promise<string[]> {
  const at = `${object.kind}/${object.metadata?.name ?? '?'}`;
  const Model = await modelOf(object.apiVersion, object.kind);
  if (!Model) return [`${at}: unknown kind ${object.apiVersion} ${object.kind}`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [`${at}: ${error instanceof Error ? error.message : String(error)}`];
  }
}
