/** The parts of Kubernetes objects the deployment checks read (plain parsed YAML). */

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

export interface Probe {
  httpGet?: { path?: string; port?: string | number };
  exec?: { command?: string[] };
  tcpSocket?: unknown;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath?: string }; secretKeyRef?: unknown };
}

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    runAsNonRoot?: boolean;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[] };
  };
}

export interface PodSpec {
  containers: Container[];
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  volumes?: { name: string; configMap?: { name: string }; secret?: { secretName: string } }[];
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec: PodSpec;
}

export const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'];

export function podTemplateOf(object: K8sObject): PodTemplate | undefined {
  if (!WORKLOADS.includes(object.kind)) return undefined;
  return (object.spec as { template?: PodTemplate } | undefined)?.template;
}

/** Is this container one of ours (the mwl-bridge image, any registry and tag)? */
export function isMwlBridge(container: Container): boolean {
  const name = (container.image ?? '').split('@')[0]!.replace(/:[^/:]*$/, '');
  return name === 'mwl-bridge' || name.endsWith('/mwl-bridge');
}

/**
 * The container's command line after `mwl-bridge`, with `$(VAR)` replaced as the kubelet does:
 * from the container's env, including a label read through the downward API.
 */
export function roleArgs(template: PodTemplate, container: Container): string[] {
  const values = new Map<string, string>();
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) values.set(variable.name, variable.value);
    const path = variable.valueFrom?.fieldRef?.fieldPath ?? '';
    const label = /^metadata\.labels\['([^']+)'\]$/.exec(path)?.[1];
    const labelValue = label ? template.metadata?.labels?.[label] : undefined;
    if (labelValue !== undefined) values.set(variable.name, labelValue);
  }
  return (container.args ?? []).map((arg) =>
    arg.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => values.get(name) ?? whole),
  );
}
