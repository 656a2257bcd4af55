import { listAudit } from '@mwl/db';
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context.ts';
import { problems } from '../openapi.ts';
import { requireRole, SECURED } from './guard.ts';

export function registerAuditRoutes(scope: FastifyInstance, context: ApiContext): void {
  scope.get<{ Querystring: { targetType?: string; targetId?: string; limit: number; before?: string } }>(
    '/audit',
    {
      onRequest: requireRole(context, 'admin'),
      schema: {
        summary: 'Audit trail of writes, newest first (admin)',
        tags: ['audit'],
        security: SECURED,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            targetType: { type: 'string', maxLength: 64 },
            targetId: { type: 'string', maxLength: 300 },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
            before: { type: 'string', pattern: '^[1-9][0-9]{0,17}$' },
          },
        },
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                at: { type: 'string' },
                actorKind: { type: 'string' },
                actor: { type: 'string' },
                action: { type: 'string' },
                targetType: { type: 'string', nullable: true },
                targetId: { type: 'string', nullable: true },
                detail: { type: 'object', additionalProperties: true },
              },
            },
          },
          ...problems(400, 401, 403, 429),
        },
      },
    },
    async (request) => {
      const { targetType, targetId, limit, before } = request.query;
      const events = await listAudit(context.prisma, {
        limit,
        ...(targetType !== undefined ? { targetType } : {}),
        ...(targetId !== undefined ? { targetId } : {}),
        ...(before !== undefined ? { beforeId: BigInt(before) } : {}),
      });
      return events.map((e) => ({ ...e, id: e.id.toString(), at: e.at.toISOString() }));
    },
  );
}
