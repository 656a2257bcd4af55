import type { z } from 'zod';
import { InvalidPayloadError } from './errors.ts';
import { PAYLOAD_SCHEMAS, type PayloadByKind } from './payloads.ts';
import type { JobKind } from './queue-names.ts';

const MAX_LISTED_ISSUES = 5;

/** Issues as `path: message`; zod's messages name expectations, never the rejected value. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const listed = issues
    .slice(0, MAX_LISTED_ISSUES)
    .map((issue) => `${issue.path.map(String).join('.') || '(payload)'}: ${issue.message}`);
  const more = issues.length > MAX_LISTED_ISSUES ? `; and ${issues.length - MAX_LISTED_ISSUES} more` : '';
  return listed.join('; ') + more;
}

/** Parses a job payload of `kind`, or throws InvalidPayloadError (which fails the job at once). */
export function parsePayload<K extends JobKind>(kind: K, data: unknown): PayloadByKind[K] {
  const result = PAYLOAD_SCHEMAS[kind].safeParse(data);
  if (!result.success) {
    throw new InvalidPayloadError(`invalid ${kind} payload: ${describeIssues(result.error.issues)}`);
  }
  return result.data as PayloadByKind[K];
}
