import { randomBytes } from 'node:crypto';
import { findWorklistItemByKey } from '@mwl/db';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ApiContext } from '../api-context.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import {
  entryOfRow,
  MANUAL_SOURCE,
  manualEntry,
  manualItemInputSchema,
  type ManualItemInput,
} from '../manual/manual-entry.ts';
import { publishManualEntry, type ManualOutcome } from '../manual/publish-manual.ts';
import { problems } from '../openapi.ts';
import { principalOf, requireRole, SECURED } from './guard.ts';
import { worklistItemSchema, worklistItemView } from './worklist-view.ts';

const keyParams = {
  type: 'object',
  properties: { key: { type: 'string', pattern: '^m-[a-z0-9]{1,64}$' } },
} as const;

const acceptedSchema = {
  type: 'object',
  description: 'published; the writer has not applied it yet',
  properties: { sourceKey: { type: 'string' }, snapshotId: { type: 'string' } },
} as const;

function answer(reply: FastifyReply, outcome: ManualOutcome, sourceKey: string, appliedCode: number) {
  if (outcome.state === 'accepted') {
    return reply.code(202).send({ sourceKey, snapshotId: outcome.snapshotId });
  }
  return reply.code(appliedCode).send(worklistItemView(outcome.item));
}

export function registerManualRoutes(scope: FastifyInstance, context: ApiContext): void {
  const write = requireRole(context, 'write');
  const target = (key: string, snapshotId: string) => ({
    type: 'worklist_item',
    id: `${MANUAL_SOURCE}/${key}`,
    detail: { snapshotId },
  });
  const activeItem = async (key: string) => {
    const row = await findWorklistItemByKey(context.prisma, MANUAL_SOURCE, key);
    if (!row) throw new NotFoundError('manual item');
    return row;
  };

  scope.post<{ Body: ManualItemInput }>(
    '/manual-items',
    {
      onRequest: write,
      schema: {
        summary: 'Create a manual worklist item (validated and written like any source entry)',
        tags: ['manual items'],
        security: SECURED,
        body: manualItemInputSchema,
        response: { 201: worklistItemSchema, 202: acceptedSchema, ...problems(400, 401, 403, 409, 429, 503) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const sourceKey = `m-${randomBytes(10).toString('hex')}`;
      const entry = manualEntry(request.body, sourceKey, context.options.timezone);
      const outcome = await publishManualEntry(context, 'create', entry);
      await context.audit(principal, 'manual_item.create', target(sourceKey, outcome.snapshotId));
      reply.header('location', `/api/v1/manual-items/${sourceKey}`);
      return answer(reply, outcome, sourceKey, 201);
    },
  );

  scope.put<{ Body: ManualItemInput; Params: { key: string } }>(
    '/manual-items/:key',
    {
      onRequest: write,
      schema: {
        summary: 'Replace a manual worklist item',
        tags: ['manual items'],
        security: SECURED,
        params: keyParams,
        body: manualItemInputSchema,
        response: {
          200: worklistItemSchema,
          202: acceptedSchema,
          ...problems(400, 401, 403, 404, 409, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { key } = request.params;
      const row = await activeItem(key);
      if (row.cancelledAt !== null) throw new ConflictError('the manual item is cancelled');
      const entry = manualEntry(request.body, key, context.options.timezone);
      const outcome = await publishManualEntry(context, 'update', entry);
      await context.audit(principal, 'manual_item.update', target(key, outcome.snapshotId));
      return answer(reply, outcome, key, 200);
    },
  );

  scope.delete<{ Params: { key: string } }>(
    '/manual-items/:key',
    {
      onRequest: write,
      schema: {
        summary: 'Cancel a manual worklist item (status CANCELED, hidden from C-FIND)',
        tags: ['manual items'],
        security: SECURED,
        params: keyParams,
        response: { 200: worklistItemSchema, 202: acceptedSchema, ...problems(401, 403, 404, 409, 429, 503) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { key } = request.params;
      const row = await activeItem(key);
      if (row.cancelledAt !== null) return reply.code(200).send(worklistItemView(row));
      const outcome = await publishManualEntry(context, 'cancel', entryOfRow(row, 'CANCELED'));
      await context.audit(principal, 'manual_item.cancel', target(key, outcome.snapshotId));
      return answer(reply, outcome, key, 200);
    },
  );
}
