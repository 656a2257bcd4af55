import { configFileSchema, KNOWN_KEYS, type MwlBridgeConfig } from './config-schema.ts';
import { convertLegacyConfig } from './convert-legacy.ts';
import { crossCheck } from './cross-checks.ts';
import { suggestKey } from './did-you-mean.ts';
import { isPlainObject } from './is-plain-object.ts';
import { pathPattern, stripCommentKeys } from './known-paths.ts';
import { formatPath, issueMessage, joinPath, type ConfigProblem, type ConfigWarning } from './problems.ts';
import type { z } from 'zod';

export interface ParseConfigOptions {
  /** Injected by the caller (main.ts), e.g. the host's zone from Intl. */
  defaults: { timezone: string };
}

export type ParseConfigResult =
  | { ok: true; config: MwlBridgeConfig; warnings: ConfigWarning[] }
  | { ok: false; problems: ConfigProblem[]; warnings: ConfigWarning[] };

/**
 * Validates a config file's parsed JSON (either Pylantir form or the new one) and applies defaults.
 * Reports every problem at once, each with its path in the file as written; never returns a
 * partial or empty config for a bad file.
 */
export function parseConfig(input: unknown, options: ParseConfigOptions): ParseConfigResult {
  if (!isPlainObject(input)) {
    return { ok: false, problems: [{ path: '', message: 'the config must be a JSON object' }], warnings: [] };
  }
  const converted = convertLegacyConfig(input);
  const candidate = stripCommentKeys(converted.config);
  const timezoneFromHost = candidate.timezone === undefined;
  if (timezoneFromHost) candidate.timezone = options.defaults.timezone;

  const cross = crossCheck(candidate);
  const parsed = configFileSchema.safeParse(candidate);
  const schemaProblems = parsed.success
    ? []
    : parsed.error.issues.flatMap((issue) =>
        problemsFromIssue(issue, timezoneFromHost, options.defaults.timezone),
      );

  const relocate = (p: ConfigProblem): ConfigProblem => ({
    ...p,
    path: originalPath(p.path, converted.origins),
  });
  const problems = [...converted.problems, ...schemaProblems.map(relocate), ...cross.problems.map(relocate)];
  const warnings = [...converted.warnings, ...cross.warnings.map(relocate)];
  if (problems.length > 0 || !parsed.success) return { ok: false, problems, warnings };
  return { ok: true, config: parsed.data, warnings };
}

function problemsFromIssue(
  issue: z.core.$ZodIssue,
  timezoneFromHost: boolean,
  hostZone: string,
): ConfigProblem[] {
  const path = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: joinPath(path, key),
      message: unknownKeyMessage(key, issue.path),
    }));
  }
  if (path === 'timezone' && timezoneFromHost) {
    return [
      { path, message: `not set, and the host's timezone "${hostZone}" is not a valid IANA zone: set it` },
    ];
  }
  return [{ path, message: issueMessage(issue) }];
}

function unknownKeyMessage(key: string, parent: readonly PropertyKey[]): string {
  const pattern = pathPattern(parent);
  const suggestion = suggestKey(key, KNOWN_KEYS[pattern] ?? []);
  if (suggestion !== undefined) return `unknown key (did you mean "${suggestion}"?)`;
  if (pattern === '') {
    // A known key written at the top level instead of inside its section.
    for (const section of ['gateway', 'api', 'writer']) {
      if (KNOWN_KEYS[section]?.includes(key)) return `unknown key (did you mean "${section}.${key}"?)`;
    }
  }
  return 'unknown key';
}

/** A problem in converted content is reported where the user wrote it (`db_update_interval`). */
function originalPath(path: string, origins: Record<string, string>): string {
  let best = '';
  for (const from of Object.keys(origins)) {
    const isPrefix = path === from || path.startsWith(`${from}.`) || path.startsWith(`${from}[`);
    if (isPrefix && from.length > best.length) best = from;
  }
  return best === '' ? path : `${origins[best]}${path.slice(best.length)}`;
}
