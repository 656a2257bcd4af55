import type { z } from 'zod';

/** One thing wrong with a config file or the environment. `path` names where, never the value. */
export interface ConfigProblem {
  /** `data_sources[1].operation_interval.start_time`, a variable name, or '' for the whole file. */
  path: string;
  message: string;
}

/** Something accepted but worth telling: an ignored Pylantir key, a converted legacy form. */
export type ConfigWarning = ConfigProblem;

export type PathSegment = string | number | symbol;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `['data_sources', 1, 'name']` → `data_sources[1].name`; odd keys as `charset_per_ae["MR 1"]`. */
export function formatPath(segments: readonly PathSegment[], prefix = ''): string {
  return segments.reduce<string>(
    (path, segment) => joinPath(path, typeof segment === 'number' ? segment : String(segment)),
    prefix,
  );
}

export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (!IDENTIFIER.test(key)) return `${base}[${JSON.stringify(key)}]`;
  return base === '' ? key : `${base}.${key}`;
}

/** Zod's message without its generic prefix; zod's messages never quote the input value. */
export function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
    return `required (expected ${issue.expected})`;
  }
  return issue.message.replace(/^Invalid input: /, '');
}

/** Human text, one problem a line, in the order found. */
export function formatProblems(problems: readonly ConfigProblem[], heading?: string): string {
  const lines = problems.map((p) => `  - ${p.path === '' ? '(top level)' : p.path}: ${p.message}`);
  const title =
    heading ?? `${problems.length} configuration ${problems.length === 1 ? 'problem' : 'problems'}:`;
  return [title, ...lines].join('\n');
}

/**
 * Zod issues as problems under `prefix` — for schemas validated elsewhere, e.g. a source plugin's
 * `config` at `data_sources[1].config`, so every problem reads the same way.
 */
export function problemsFromZodIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): ConfigProblem[] {
  return issues.flatMap((issue) => {
    const path = formatPath(issue.path, prefix);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: joinPath(path, key), message: 'unknown key' }));
    }
    return [{ path, message: issueMessage(issue) }];
  });
}
