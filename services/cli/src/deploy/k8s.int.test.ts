import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOf, K8S_DIR, readCompose, REPO } from './deploy-files.ts';
import { isMwlBridge, podTemplateOf, roleArgs, type K8sObject } from './k8s-objects.ts';
import { checkK8sPolicy, configuredSources, fetcherSources } from './k8s-policy.ts';
import { validateK8sObject } from './k8s-validate.ts';
import { findKubectl, kustomizeBuild, skipWithout } from './kustomize.ts';

/** k8s/: every overlay built with `kubectl kustomize` (offline), checked against the schemas and the policy. */

const kubectl = findKubectl(process.env);
const TREES = ['base', 'overlays/single-node', 'overlays/production'];
const built = new Map<string, K8sObject[]>();
const dirs: string[] = [];

beforeAll(async () => {
  if (!kubectl) {
    if (!skipWithout(kubectl, process.env)) throw new Error('kubectl not found (MWL_REQUIRE_DEPLOY_TOOLS=1)');
    return;
  }
  for (const tree of TREES) built.set(tree, await kustomizeBuild(kubectl, join(K8S_DIR, tree)));
});
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const objectsOf = (tree: string) => built.get(tree)!;
const find = (objects: K8sObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name)!;

describe.skipIf(skipWithout(kubectl, process.env))('kubectl kustomize k8s/', () => {
  it.each(TREES)('%s: every object is valid for its kind (kubernetes-models)', async (tree) => {
    const problems = (await Promise.all(objectsOf(tree).map(validateK8sObject))).flat();
    expect(problems).toEqual([]);
  });

  it.each(TREES)(
    '%s: keeps the policy (probes, resources, non-root, one fetcher per source, ...)',
    (tree) => {
      expect(checkK8sPolicy(objectsOf(tree))).toEqual([]);
    },
  );

  it('runs one fetcher Deployment per source of the config file', () => {
    const objects = objectsOf('overlays/production');
    expect(configuredSources(objects)).toEqual(['redcap_study', 'calpendo_mri']);
    expect(fetcherSources(objects).sort()).toEqual(['calpendo_mri', 'redcap_study']);
  });

  it('runs each role with the command line docker-compose.yml gives it (the image entry point, no command)', async () => {
    const compose = await readCompose();
    const composeRoles = Object.values(compose.services)
      .filter((service) => service.image?.startsWith('${MWL_IMAGE'))
      .map((service) => service.command as string[]);
    const k8sRoles = objectsOf('base').flatMap((object) => {
      const template = podTemplateOf(object);
      return template ? template.spec.containers.filter(isMwlBridge).map((c) => roleArgs(template, c)) : [];
    });
    expect(k8sRoles.map((args) => args.join(' ')).sort()).toEqual(
      composeRoles.map((args) => args.join(' ')).sort(),
    );
    const configFile = compose.services.migrate!.volumes![0] as string;
    const composeConfig = /^\$\{MWL_CONFIG_FILE:-([^}]+)\}/.exec(configFile)![1]!;
    expect(await readFile(join(K8S_DIR, 'base/mwl.json'), 'utf8')).toBe(
      await readFile(join(REPO, composeConfig), 'utf8'),
    );
  });

  it('production: external databases, the gateways on the read replica; single-node: PostgreSQL and Redis inside', () => {
    const production = objectsOf('overlays/production');
    const secretsOf = (objects: K8sObject[], name: string) =>
      podTemplateOf(find(objects, 'Deployment', name))!.spec.volumes!.flatMap((v) =>
        v.secret ? [v.secret.secretName] : [],
      );
    expect(secretsOf(production, 'mwl-gateway')).toEqual(['mwl-database-replica']);
    expect(secretsOf(production, 'mwl-writer')).toEqual(['mwl-database', 'mwl-queue']);
    expect(production.filter((o) => o.kind === 'StatefulSet')).toEqual([]);
    const single = objectsOf('overlays/single-node');
    expect(
      single
        .filter((o) => o.kind === 'StatefulSet')
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(['mwl-postgres', 'mwl-redis']);
    expect(find(single, 'Service', 'mwl-gateway').spec!.type).toBe('LoadBalancer');
  });

  it('adds a source with one small file (and its name in the bases list and mwl.json)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mwl-k8s-'));
    dirs.push(dir);
    await cp(K8S_DIR, dir, { recursive: true });
    await rm(join(dir, 'base/sources/calpendo-mri'), { recursive: true });
    await cp(join(K8S_DIR, 'base/sources/calpendo-mri'), join(dir, 'base/sources/calpendo-eeg'), {
      recursive: true,
    });
    const file = join(dir, 'base/sources/calpendo-eeg/kustomization.yaml');
    await writeFile(
      file,
      (await readFile(file, 'utf8'))
        .replaceAll('calpendo-mri', 'calpendo-eeg')
        .replaceAll('calpendo_mri', 'calpendo_eeg'),
    );
    const kustomization = join(dir, 'base/kustomization.yaml');
    await writeFile(
      kustomization,
      (await readFile(kustomization, 'utf8')).replace('sources/calpendo-mri', 'sources/calpendo-eeg'),
    );
    const config = JSON.parse(await readFile(join(dir, 'base/mwl.json'), 'utf8')) as {
      data_sources: { name: string }[];
    };
    config.data_sources[1]!.name = 'calpendo_eeg';
    await writeFile(join(dir, 'base/mwl.json'), JSON.stringify(config));
    const objects = await kustomizeBuild(kubectl!, join(dir, 'overlays/single-node'));
    expect(fetcherSources(objects).sort()).toEqual(['calpendo_eeg', 'redcap_study']);
    expect(checkK8sPolicy(objects)).toEqual([]);
  });
});

describe.skipIf(skipWithout(kubectl, process.env))('the k8s policy on a broken copy', () => {
  const broken = () => copyOf(objectsOf('overlays/single-node'));
  const gatewayOf = (objects: K8sObject[]) =>
    podTemplateOf(find(objects, 'Deployment', 'mwl-gateway'))!.spec.containers[0]!;

  it('finds a missing readiness probe and a missing startup probe', () => {
    const objects = broken();
    delete gatewayOf(objects).readinessProbe;
    delete gatewayOf(objects).startupProbe;
    expect(checkK8sPolicy(objects)).toEqual([
      'Deployment/mwl-gateway container gateway: no startup probe on /health/ready',
      'Deployment/mwl-gateway container gateway: no readiness probe on /health/ready',
    ]);
  });

  it('finds a liveness probe on the wrong path, and a missing probe on PostgreSQL', () => {
    const objects = broken();
    gatewayOf(objects).livenessProbe!.httpGet!.path = '/health/ready';
    delete podTemplateOf(find(objects, 'StatefulSet', 'mwl-postgres'))!.spec.containers[0]!.livenessProbe;
    expect(checkK8sPolicy(objects).sort()).toEqual([
      'Deployment/mwl-gateway container gateway: no liveness probe on /health/live',
      'StatefulSet/mwl-postgres container postgres: no liveness probe',
    ]);
  });

  it('finds missing resources, root, a writable root filesystem and kept capabilities', () => {
    const objects = broken();
    const gateway = gatewayOf(objects);
    delete gateway.resources;
    gateway.securityContext = {};
    podTemplateOf(find(objects, 'Deployment', 'mwl-gateway'))!.spec.securityContext = {};
    expect(checkK8sPolicy(objects)).toEqual([
      'Deployment/mwl-gateway: pod not runAsNonRoot',
      'Deployment/mwl-gateway container gateway: no cpu and memory requests',
      'Deployment/mwl-gateway container gateway: no memory limit',
      'Deployment/mwl-gateway container gateway: not runAsNonRoot',
      'Deployment/mwl-gateway container gateway: root filesystem not read-only',
      'Deployment/mwl-gateway container gateway: allowPrivilegeEscalation not false',
      'Deployment/mwl-gateway container gateway: capabilities not dropped (ALL)',
    ]);
  });

  it('finds a source without a fetcher, and a fetcher twice', () => {
    const objects = broken();
    const missing = objects.filter(
      (o) => o.metadata.name !== 'mwl-fetcher-calpendo-mri' || o.kind !== 'Deployment',
    );
    expect(checkK8sPolicy(missing)).toEqual(['source calpendo_mri: 0 fetcher Deployments (expected 1)']);
    const twice = copyOf(find(objects, 'Deployment', 'mwl-fetcher-redcap-study'));
    twice.metadata.name = 'mwl-fetcher-redcap-again';
    expect(checkK8sPolicy([...objects, twice])).toEqual([
      'source redcap_study: 2 fetcher Deployments (expected 1)',
    ]);
  });

  it('finds an inline credential, a Secret with values, a ConfigMap that is not built, a port open to all', () => {
    const objects = broken();
    gatewayOf(objects).env!.push({ name: 'DATABASE_URL', value: 'postgresql://mwl:pw@db/mwl' });
    objects.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'mwl-database', namespace: 'mwl-bridge' },
    });
    podTemplateOf(find(objects, 'Deployment', 'mwl-writer'))!.spec.volumes![0]!.configMap!.name =
      'mwl-config-abc';
    const metrics = find(objects, 'NetworkPolicy', 'mwl-metrics-from-monitoring');
    delete (metrics.spec as { ingress: { from?: unknown }[] }).ingress[0]!.from;
    expect(checkK8sPolicy(objects)).toEqual([
      'Deployment/mwl-gateway container gateway: DATABASE_URL has a value inline (use a Secret)',
      'Deployment/mwl-writer: volume config names ConfigMap mwl-config-abc, which is not built',
      'Secret/mwl-database: a Secret with values (reference Secrets, never ship them)',
      'NetworkPolicy/mwl-metrics-from-monitoring: lets in from anywhere on 9464',
    ]);
  });

  it('finds a type error with the schemas (kubernetes-models)', async () => {
    const objects = broken();
    (gatewayOf(objects) as unknown as { ports: { containerPort: unknown }[] }).ports[0]!.containerPort =
      'dimse';
    expect(await validateK8sObject(find(objects, 'Deployment', 'mwl-gateway'))).toEqual([
      'Deployment/mwl-gateway: data/spec/template/spec/containers/0/ports/0/containerPort must be integer',
    ]);
  });
});
