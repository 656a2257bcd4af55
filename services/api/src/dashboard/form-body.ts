import type { FastifyInstance } from 'fastify';

/** Largest form body the dashboard accepts (its forms carry a few short fields). */
export const FORM_BODY_LIMIT = 16 * 1024;

/**
 * Parses `application/x-www-form-urlencoded` bodies in this (encapsulated) scope only. Empty fields
 * are dropped, so an untouched date input is "not given" rather than an invalid date; a field sent
 * twice keeps its first value.
 */
export function acceptFormBodies(scope: FastifyInstance): void {
  scope.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
    (_request, body, done) => {
      const fields: Record<string, string> = {};
      for (const [key, value] of new URLSearchParams(body as string)) {
        if (value.trim() !== '' && !(key in fields)) fields[key] = value.trim();
      }
      done(null, fields);
    },
  );
}
