import {
  isMwlBridge,
  podTemplateOf,
  roleArgs,
  type Container,
  type K8sObject,
  type PodTemplate,
  type Probe,
} from './k8s-objects.ts';

/**
 * The rules the kustomize output keeps (issue 11), as a pure function over the built objects so a
 * test can show each rule catching a broken copy. One line per problem, naming the object.
 */

const NAMESPACE = 'mwl-bridge';
const DIMSE_PORT = 4242;
const SECRET_NAME = /(PASSWORD|TOKEN|SECRET|_KEY$|^DATABASE_URL$|^REDIS_URL$|USERNAME)/;

function httpPath(probe: Probe | undefined): string | undefined {
  return probe?.httpGet?.path;
}

function checkContainer(at: string, template: PodTemplate, container: Container, batch: boolean): string[] {
  const problems: string[] = [];
  const where = `${at} container ${container.name}`;
  const requests = container.resources?.requests ?? {};
  if (!requests.cpu || !requests.memory) problems.push(`${where}: no cpu and memory requests`);
  if (!container.resources?.limits?.memory) problems.push(`${where}: no memory limit`);
  const podSecurity = template.spec.securityContext ?? {};
  const security = container.securityContext ?? {};
  if (!(security.runAsNonRoot ?? podSecurity.runAsNonRoot)) problems.push(`${where}: not runAsNonRoot`);
  if (security.readOnlyRootFilesystem !== true) problems.push(`${where}: root filesystem not read-only`);
  if (security.allowPrivilegeEscalation !== false)
    problems.push(`${where}: allowPrivilegeEscalation not false`);
  if (!security.capabilities?.drop?.includes('ALL'))
    problems.push(`${where}: capabilities not dropped (ALL)`);
  for (const variable of container.env ?? []) {
    if (SECRET_NAME.test(variable.name) && !variable.name.endsWith('_FILE') && variable.value !== undefined) {
      problems.push(`${where}: ${variable.name} has a value inline (use a Secret)`);
    }
  }
  if (batch) return problems;
  if (isMwlBridge(container)) {
    if (container.command) problems.push(`${where}: overrides the image's entry point`);
    if (httpPath(container.startupProbe) !== '/health/ready')
      problems.push(`${where}: no startup probe on /health/ready`);
    if (httpPath(container.readinessProbe) !== '/health/ready')
      problems.push(`${where}: no readiness probe on /health/ready`);
    if (httpPath(container.livenessProbe) !== '/health/live')
      problems.push(`${where}: no liveness probe on /health/live`);
  } else {
    if (!container.readinessProbe) problems.push(`${where}: no readiness probe`);
    if (!container.livenessProbe) problems.push(`${where}: no liveness probe`);
  }
  return problems;
}

/** The enabled data_sources names of the config file in the ConfigMap mwl-config. */
export function configuredSources(objects: readonly K8sObject[]): string[] {
  const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('mwl-config'));
  const text = config?.data?.['mwl.json'];
  if (!text) return [];
  const file = JSON.parse(text) as { data_sources?: { name: string; enabled?: boolean }[] };
  return (file.data_sources ?? []).filter((s) => s.enabled !== false).map((s) => s.name);
}

/** `fetcher --source NAME` Deployments by source name (several names: several entries). */
export function fetcherSources(objects: readonly K8sObject[]): string[] {
  const sources: string[] = [];
  for (const object of objects) {
    const template = podTemplateOf(object);
    if (object.kind !== 'Deployment' || !template) continue;
    for (const container of template.spec.containers.filter(isMwlBridge)) {
      const args = roleArgs(template, container);
      if (args[0] === 'fetcher') {
        for (let i = 1; i < args.length; i++) if (args[i] === '--source') sources.push(args[i + 1] ?? '');
      }
    }
  }
  return sources;
}

export function checkK8sPolicy(objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  const names = (kind: string) => new Set(objects.filter((o) => o.kind === kind).map((o) => o.metadata.name));
  const configMaps = names('ConfigMap');

  for (const object of objects) {
    const at = `${object.kind}/${object.metadata.name}`;
    if (object.kind === 'Secret')
      problems.push(`${at}: a Secret with values (reference Secrets, never ship them)`);
    if (object.kind !== 'Namespace' && object.metadata.namespace !== NAMESPACE) {
      problems.push(`${at}: not in namespace ${NAMESPACE}`);
    }
    const template = podTemplateOf(object);
    if (!template) continue;
    if (template.spec.securityContext?.runAsNonRoot !== true) problems.push(`${at}: pod not runAsNonRoot`);
    for (const container of template.spec.containers) {
      problems.push(...checkContainer(at, template, container, object.kind === 'Job'));
    }
    for (const volume of template.spec.volumes ?? []) {
      if (volume.configMap && !configMaps.has(volume.configMap.name)) {
        problems.push(
          `${at}: volume ${volume.name} names ConfigMap ${volume.configMap.name}, which is not built`,
        );
      }
    }
  }

  const fetchers = fetcherSources(objects);
  for (const source of configuredSources(objects)) {
    const count = fetchers.filter((name) => name === source).length;
    if (count !== 1) problems.push(`source ${source}: ${count} fetcher Deployments (expected 1)`);
  }
  for (const source of new Set(fetchers)) {
    if (!configuredSources(objects).includes(source))
      problems.push(`fetcher of "${source}": no such source in mwl.json`);
  }

  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const denyAll = policies.some((p) => {
    const spec = p.spec as { podSelector?: object; ingress?: unknown[] };
    return Object.keys(spec.podSelector ?? { x: 1 }).length === 0 && !spec.ingress;
  });
  if (!denyAll) problems.push('NetworkPolicy: no default deny of ingress');
  for (const policy of policies) {
    const rules =
      (policy.spec as { ingress?: { from?: unknown[]; ports?: { port?: number }[] }[] }).ingress ?? [];
    for (const rule of rules) {
      const open = !rule.from || rule.from.length === 0;
      const ports = (rule.ports ?? []).map((p) => p.port);
      if (open && (ports.length === 0 || ports.some((port) => port !== DIMSE_PORT))) {
        problems.push(
          `NetworkPolicy/${policy.metadata.name}: lets in from anywhere on ${ports.join(',') || 'every port'}`,
        );
      }
    }
  }

  const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler');
  const target = (hpa?.spec as { scaleTargetRef?: { name?: string } } | undefined)?.scaleTargetRef?.name;
  if (target !== 'mwl-gateway') problems.push('HorizontalPodAutoscaler: none for the gateway');
  const budgets = objects.filter((o) => o.kind === 'PodDisruptionBudget');
  for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
    const labels = podTemplateOf(deployment)?.metadata?.labels ?? {};
    const covered = budgets.filter((pdb) => {
      const selector =
        (pdb.spec as { selector?: { matchLabels?: Record<string, string> } }).selector?.matchLabels ?? {};
      return Object.entries(selector).every(([key, value]) => labels[key] === value);
    });
    if (covered.length === 0) problems.push(`Deployment/${deployment.metadata.name}: no PodDisruptionBudget`);
    if (covered.length > 1) {
      problems.push(
        `Deployment/${deployment.metadata.name}: in ${covered.length} PodDisruptionBudgets (evictions fail)`,
      );
    }
  }
  return problems;
}
