/**
 * The rules docker-compose.yml keeps (issue 11), as a pure function over the parsed file so a test
 * can show each rule catching a broken copy. Returns one line per problem, naming the service.
 */

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  entrypoint?: unknown;
  environment?: Record<string, string | number | boolean | null> | string[];
  secrets?: (string | { source: string })[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  depends_on?: Record<string, { condition?: string }> | string[];
  restart?: string;
  logging?: { driver?: string; options?: Record<string, string> };
  volumes?: (string | { source?: string; target?: string; read_only?: boolean })[];
  ports?: (string | number)[];
}

export interface ComposeFile {
  version?: unknown;
  name?: unknown;
  services: Record<string, ComposeService>;
  secrets?: Record<string, { file?: string; environment?: string }>;
}

/** The one-shot service: runs to completion, no healthcheck, no restart. */
export const ONE_SHOT = 'migrate';

/** Variable names that carry credentials: only ever given as `<NAME>_FILE`. */
const SECRET_NAME = /(PASSWORD|TOKEN|SECRET|_KEY$|^DATABASE_URL$|^REDIS_URL$|USERNAME)/;
/** A URL with credentials in it (`scheme://user:password@host`). */
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i;
/** `name:tag` or `name@sha256:…` with a tag that is not `latest`; `${…}` defaults resolved first. */
const PINNED = /^[^:@\s]+(?::(?!latest$)[\w][\w.-]*)?(?:@sha256:[0-9a-f]{64})?$/;

export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value == null ? '' : String(value)]),
  );
}

/** `${NAME:-default}` → `default` (what compose uses without a .env), for checking an image pin. */
function withDefaults(text: string): string {
  return text.replace(
    /\$\{[A-Z0-9_]+(?::?-([^}]*))?\}/g,
    (_m, fallback: string | undefined) => fallback ?? '',
  );
}

function imagePinned(image: string): boolean {
  const resolved = withDefaults(image);
  if (resolved.includes('@sha256:')) return PINNED.test(resolved);
  return PINNED.test(resolved) && /:[\w][\w.-]*$/.test(resolved);
}

export function checkComposePolicy(file: ComposeFile): string[] {
  const problems: string[] = [];
  if (file.version !== undefined) problems.push('top level: no `version:` key (Compose spec)');
  if (file.name !== undefined) problems.push('top level: no `name:` key (docker-compose 1.29 rejects it)');
  const declaredSecrets = new Set(Object.keys(file.secrets ?? {}));
  for (const [name, service] of Object.entries(file.services)) {
    const at = `services.${name}`;
    if (!service.image) problems.push(`${at}: no image`);
    else if (!imagePinned(service.image))
      problems.push(`${at}: image "${service.image}" is not pinned to a version`);

    const oneShot = name === ONE_SHOT;
    const check = service.healthcheck;
    if (!oneShot && (!check || check.disable === true || !check.test)) problems.push(`${at}: no healthcheck`);
    if (oneShot && service.restart !== 'no')
      problems.push(`${at}: a one-shot service must have restart: "no"`);
    if (!oneShot && !['always', 'unless-stopped', 'on-failure'].includes(service.restart ?? '')) {
      problems.push(`${at}: no restart policy`);
    }
    if (!service.logging?.options?.['max-size'] || !service.logging.options['max-file']) {
      problems.push(`${at}: no log rotation (logging.options max-size and max-file)`);
    }

    const dependsOn = service.depends_on ?? {};
    if (Array.isArray(dependsOn)) {
      for (const dependency of dependsOn) problems.push(`${at}.depends_on.${dependency}: no condition`);
    } else {
      for (const [dependency, spec] of Object.entries(dependsOn)) {
        if (!spec?.condition) problems.push(`${at}.depends_on.${dependency}: no condition`);
      }
    }

    for (const [key, value] of Object.entries(environmentOf(service))) {
      if (SECRET_NAME.test(key) && !key.endsWith('_FILE')) {
        problems.push(`${at}.environment.${key}: a credential inline (use ${key}_FILE and a secret)`);
      }
      if (URL_WITH_PASSWORD.test(value)) problems.push(`${at}.environment.${key}: a password inside a URL`);
      if (key.endsWith('_FILE') && !value.startsWith('/run/secrets/')) {
        problems.push(`${at}.environment.${key}: not a Compose secret (/run/secrets/…)`);
      }
      if (key.endsWith('_FILE') && value.startsWith('/run/secrets/')) {
        const secret = value.slice('/run/secrets/'.length);
        const granted = (service.secrets ?? []).map((s) => (typeof s === 'string' ? s : s.source));
        if (!granted.includes(secret))
          problems.push(`${at}.environment.${key}: secret "${secret}" not granted`);
        if (!declaredSecrets.has(secret))
          problems.push(`${at}.environment.${key}: secret "${secret}" not declared`);
      }
    }

    for (const volume of service.volumes ?? []) {
      const target = typeof volume === 'string' ? volume.split(':')[1] : volume.target;
      const readOnly = typeof volume === 'string' ? volume.split(':')[2] === 'ro' : volume.read_only === true;
      if (target?.startsWith('/etc/mwl-bridge') && !readOnly)
        problems.push(`${at}: the config must be mounted read-only`);
    }
  }
  for (const [name, secret] of Object.entries(file.secrets ?? {})) {
    if (!secret.file) problems.push(`secrets.${name}: must come from a file`);
  }
  return problems;
}
