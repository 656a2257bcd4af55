import { z } from 'zod';
import { ConfigError } from './errors.ts';
import { issueMessage, type ConfigProblem } from './problems.ts';

/** `process.env`, or any other map of variables. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

export interface ParseEnvOptions {
  /** Reads a `X_FILE` secret (sync); `readSecretFile` from this package in main.ts, a map in tests. */
  readFile: (path: string) => string;
}

export type ParseEnvResult<T> = { ok: true; env: T } | { ok: false; problems: ConfigProblem[] };

const TRUE_WORDS = new Set(['true', '1', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'no']);

/**
 * A boolean variable: `true/false`, `1/0`, `yes/no`, any case. Anything else is an error, never a
 * silent `true` (`z.coerce.boolean()` turns "false" into true). Chain `.default(false)`.
 */
export function envBoolean() {
  return z.string().transform((raw, ctx) => {
    const word = raw.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    ctx.issues.push({ code: 'custom', input: raw, message: 'expected true, false, 1, 0, yes or no' });
    return z.NEVER;
  });
}

/** An integer variable (decimal digits, optional sign), within `min`/`max` when given. */
export function envInt(options: { min?: number; max?: number } = {}) {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
  return z.string().transform((raw, ctx) => {
    const text = raw.trim();
    const value = Number(text);
    if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(value)) {
      ctx.issues.push({ code: 'custom', input: raw, message: 'expected a whole number' });
      return z.NEVER;
    }
    if (value < min || value > max) {
      ctx.issues.push({
        code: 'custom',
        input: raw,
        message: `expected a whole number from ${min} to ${max}`,
      });
      return z.NEVER;
    }
    return value;
  });
}

/** A TCP port variable (0 = any free port, for tests). */
export function envPort() {
  return envInt({ min: 0, max: 65535 });
}

/**
 * Marks a variable as a secret: it may also be given as `X_FILE` (a path whose content, without
 * its trailing newline, is the value), and its value is kept out of every message.
 */
export function envSecret<S extends z.ZodType<unknown, string>>(schema?: S): S {
  const base = (schema ?? z.string().min(1, { error: 'must not be empty' })) as S;
  return base.meta({ secret: true });
}

function isSecret(schema: z.ZodType): boolean {
  let current: z.ZodType | undefined = schema;
  while (current !== undefined) {
    if (current.meta()?.secret === true) return true;
    const def = current._zod.def as { innerType?: z.ZodType; in?: z.ZodType };
    current = def.innerType ?? def.in;
  }
  return false;
}

/**
 * Reads the variables `schema` names from `env`. An empty value counts as unset (compose writes
 * `X=` for an unset `${X}`). Secrets may come from `X_FILE`; setting both `X` and `X_FILE` is an
 * error. Every problem is reported at once, by variable name, without values.
 */
export function parseEnv<S extends z.ZodObject>(
  schema: S,
  env: EnvSource,
  options: ParseEnvOptions,
): ParseEnvResult<z.output<S>> {
  const problems: ConfigProblem[] = [];
  const values: Record<string, string | undefined> = {};
  const fromFile = new Set<string>();
  const secretNames = new Set<string>();
  const secretValues: string[] = [];
  const shape = schema.shape as Record<string, z.ZodType>;

  for (const [name, field] of Object.entries(shape)) {
    const direct = nonEmpty(env[name]);
    if (!isSecret(field)) {
      values[name] = direct;
      continue;
    }
    secretNames.add(name);
    const fileVariable = `${name}_FILE`;
    const file = nonEmpty(env[fileVariable]);
    if (direct !== undefined && file !== undefined) {
      problems.push({ path: name, message: `set either ${name} or ${fileVariable}, not both` });
      continue;
    }
    if (file === undefined) {
      values[name] = direct;
    } else {
      try {
        values[name] = options.readFile(file).replace(/[\r\n]+$/, '');
        fromFile.add(name);
      } catch (error) {
        problems.push({
          path: fileVariable,
          message: `cannot read the secret file: ${describeReadError(error)}`,
        });
        continue;
      }
    }
    if (values[name] !== undefined) secretValues.push(values[name]);
  }

  const failed = new Set(problems.map((p) => p.path.replace(/_FILE$/, '')));
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '');
      if (failed.has(name)) continue;
      const path = fromFile.has(name) ? `${name}_FILE` : name;
      const unset = issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
      const message = unset
        ? `required${secretNames.has(name) ? ` (set ${name} or ${name}_FILE)` : ''}`
        : issueMessage(issue);
      problems.push({ path, message: redact(message, secretValues) });
    }
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, env: parsed.data };
}

/** `parseEnv` for main.ts: the values, or a `ConfigError` listing every problem. */
export function parseEnvOrThrow<S extends z.ZodObject>(
  schema: S,
  env: EnvSource,
  options: ParseEnvOptions,
): z.output<S> {
  const result = parseEnv(schema, env, options);
  if (!result.ok) {
    const count = result.problems.length;
    throw new ConfigError(result.problems, {
      heading: `${count} environment ${count === 1 ? 'problem' : 'problems'}:`,
    });
  }
  return result.env;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function describeReadError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'unreadable';
}

function redact(message: string, secrets: readonly string[]): string {
  return secrets.reduce(
    (text, secret) => (secret.length >= 4 ? text.split(secret).join('[redacted]') : text),
    message,
  );
}
