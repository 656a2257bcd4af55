import { environmentOf, type ComposeFile } from './compose-policy.ts';
import type { ImageSpec } from './dockerfile.ts';

/**
 * What docker-compose.yml runs, as processes on one machine: for each service of the mwl-bridge
 * image, the command line after the image's `mwl-bridge` entry point and the environment the
 * container gets (the image's ENV, then the service's `environment:` with `${VAR}` interpolated
 * from `vars` as Compose does from .env). Paths inside the container are mapped to files here:
 * `/run/secrets/NAME` to `secretFiles[NAME]`, bind-mount targets to their sources, `/data` to
 * `dataDir`.
 */

export interface RoleProcess {
  service: string;
  /** Arguments after `mwl-bridge`. */
  argv: string[];
  env: Record<string, string>;
  /** The healthcheck's arguments after `mwl-bridge`; undefined for the one-shot service. */
  healthcheck?: string[];
  /** Services this one waits for, with their condition. */
  dependsOn: Record<string, string>;
}

/** Compose's interpolation: `$$`, `${X}`, `${X:-default}`, `${X-default}`, `${X:?message}`. */
export function interpolate(text: string, vars: Readonly<Record<string, string | undefined>>): string {
  return text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}/g,
    (whole, name?: string, colon?: string, op?: string, arg?: string) => {
      if (whole === '$$') return '$';
      const value = vars[name!];
      const unset = value === undefined || (colon === ':' && value === '');
      if (op === '-' && unset) return arg ?? '';
      if (op === '?' && unset) throw new Error(`${name}: ${arg || 'must be set'}`);
      return value ?? '';
    },
  );
}

/** `KEY=value` lines of an env file (`#` comments, blank lines). */
export function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) vars[match[1]!] = match[2]!.trim();
  }
  return vars;
}

export function isMwlBridgeService(image: string | undefined): boolean {
  return (image ?? '').startsWith('${MWL_IMAGE');
}

export function composeRoleProcesses(
  compose: ComposeFile,
  image: ImageSpec,
  options: { vars: Record<string, string>; secretFiles: Record<string, string>; dataDir: string },
): RoleProcess[] {
  const separator = image.entrypoint.indexOf('--');
  const program = image.entrypoint.slice(separator + 1);
  if (program.join(' ') !== 'mwl-bridge')
    throw new Error(`the image's entry point is not mwl-bridge: ${image.entrypoint.join(' ')}`);
  const roles: RoleProcess[] = [];
  for (const [service, spec] of Object.entries(compose.services)) {
    if (!isMwlBridgeService(spec.image)) continue;
    const mounts = new Map<string, string>([['/data', options.dataDir]]);
    for (const volume of spec.volumes ?? []) {
      if (typeof volume !== 'string') continue;
      const [source = '', target = ''] = interpolate(volume, options.vars).split(':');
      mounts.set(target, source);
    }
    const mapPath = (value: string): string => {
      if (value.startsWith('/run/secrets/')) {
        const file = options.secretFiles[value.slice('/run/secrets/'.length)];
        if (!file) throw new Error(`${service}: no file for ${value}`);
        return file;
      }
      for (const [target, source] of mounts) {
        if (value === target) return source;
        if (value.startsWith(`${target}/`)) return `${source}${value.slice(target.length)}`;
      }
      return value;
    };
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries({ ...image.env, ...environmentOf(spec) })) {
      env[key] = mapPath(interpolate(value, options.vars));
    }
    const command = spec.command ?? image.cmd;
    const test = spec.healthcheck?.disable
      ? undefined
      : (spec.healthcheck?.test ?? ['CMD', ...program, ...image.healthcheck.slice(1)]);
    const dependsOn = Array.isArray(spec.depends_on)
      ? Object.fromEntries(spec.depends_on.map((name) => [name, 'service_started']))
      : Object.fromEntries(
          Object.entries(spec.depends_on ?? {}).map(([name, d]) => [name, d.condition ?? 'service_started']),
        );
    roles.push({
      service,
      argv: typeof command === 'string' ? command.split(/\s+/) : [...command],
      env,
      ...(Array.isArray(test) &&
        test[0] === 'CMD' &&
        test[1] === 'mwl-bridge' && { healthcheck: test.slice(2) }),
      dependsOn,
    });
  }
  return roles;
}
