import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';

/** The OpenAPI document's frame; paths come from the route schemas. */
export function openApiDocument(): NonNullable<FastifyDynamicSwaggerOptions['openapi']> {
  return {
    openapi: '3.0.3',
    info: {
      title: 'mwl-bridge api',
      version: '1',
      description:
        'Worklist, sources, sync runs, rejections and manual items of mwl-bridge. Errors are ' +
        'application/problem+json with a stable `code`.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'a token from `mwl-bridge token create`' },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'mwl_session',
          description: 'from POST /api/v1/session; state-changing requests also send x-csrf-token',
        },
      },
    },
    security: [{ bearer: [] }, { session: [] }],
  };
}

/** The problem+json answer of every error, for route schemas. */
export const problemSchema = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string' },
    detail: { type: 'string' },
    problems: {
      type: 'array',
      items: {
        type: 'object',
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
} as const;

/** Error answers for route schemas, by status. */
export function problems(...statuses: number[]): Record<number, unknown> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: 'problem', content: { 'application/problem+json': { schema: problemSchema } } },
    ]),
  );
}
