import { listRejections, listSyncRuns, readSourceRecords, type SourceRecord, type SyncRun } from '@mwl/db';
import { worklistEntrySchema } from '@mwl/domain';
import type { FastifyInstance } from 'fastify';
import type { ApiContext, ApiSource } from '../api-context.ts';
import { NotFoundError, UnavailableError } from '../errors.ts';
import { problems } from '../openapi.ts';
import { principalOf, requireRole, SECURED } from './guard.ts';

const RECENT_RUNS = 5;
const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;
const nullableString = { type: 'string', nullable: true } as const;

export function syncRunView(run: SyncRun) {
  return {
    id: run.id.toString(),
    snapshotId: run.snapshotId,
    source: run.source,
    kind: run.kind,
    windowFrom: iso(run.windowFrom),
    windowTo: iso(run.windowTo),
    complete: run.complete,
    startedAt: run.startedAt.toISOString(),
    finishedAt: iso(run.finishedAt),
    outcome: run.outcome,
    counts: {
      fetched: run.fetched,
      inserted: run.inserted,
      updated: run.updated,
      unchanged: run.unchanged,
      rejected: run.rejected,
      cancelled: run.cancelled,
      reactivated: run.reactivated,
    },
    warning: run.warning,
    error: run.error,
  };
}

const countsSchema = {
  type: 'object',
  properties: Object.fromEntries(
    ['fetched', 'inserted', 'updated', 'unchanged', 'rejected', 'cancelled', 'reactivated'].map((k) => [
      k,
      { type: 'integer' },
    ]),
  ),
};

export const syncRunSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    snapshotId: { type: 'string' },
    source: { type: 'string' },
    kind: { type: 'string', description: 'incremental | full | targeted' },
    windowFrom: nullableString,
    windowTo: nullableString,
    complete: { type: 'boolean' },
    startedAt: { type: 'string' },
    finishedAt: nullableString,
    outcome: { type: 'string', description: 'running | succeeded | failed | held' },
    counts: countsSchema,
    warning: nullableString,
    error: nullableString,
  },
} as const;

/** A source's state in one word, from its newest run. */
function stateOf(source: ApiSource, record: SourceRecord): string {
  if (!source.enabled) return 'disabled';
  const last = record.lastRuns[0];
  if (!last) return 'never-run';
  return last.outcome === 'succeeded' ? 'ok' : last.outcome;
}

export function sourceView(source: ApiSource, record: SourceRecord) {
  const last = record.lastRuns[0];
  const nextRunAt =
    source.enabled && last ? new Date(last.startedAt.getTime() + source.syncIntervalSeconds * 1000) : null;
  return {
    name: source.name,
    type: source.type,
    enabled: source.enabled,
    state: stateOf(source, record),
    syncIntervalSeconds: source.syncIntervalSeconds,
    lastSuccessAt: iso(record.lastSuccessAt),
    nextRunAt: iso(nextRunAt),
    cursor: record.cursor
      ? { windowEnd: iso(record.cursor.windowEnd), lastFullSnapshotAt: iso(record.cursor.lastFullSnapshotAt) }
      : null,
    lastRuns: record.lastRuns.map(syncRunView),
  };
}

const sourceSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    type: { type: 'string' },
    enabled: { type: 'boolean' },
    state: { type: 'string', description: 'ok | failed | held | running | never-run | disabled' },
    syncIntervalSeconds: { type: 'integer' },
    lastSuccessAt: nullableString,
    nextRunAt: { ...nullableString, description: 'estimate: last start + sync interval' },
    cursor: {
      type: 'object',
      nullable: true,
      properties: { windowEnd: nullableString, lastFullSnapshotAt: nullableString },
    },
    lastRuns: { type: 'array', items: syncRunSchema },
  },
} as const;

export function registerSourceRoutes(scope: FastifyInstance, context: ApiContext): void {
  const read = requireRole(context, 'read');
  const known = (name: string) => {
    const source = context.sources.find((s) => s.name === name);
    if (!source) throw new NotFoundError('source');
    return source;
  };

  scope.get(
    '/sources',
    {
      onRequest: read,
      schema: {
        summary: 'Configured sources: state, last success, next run, cursor, last runs',
        tags: ['sources'],
        security: SECURED,
        response: { 200: { type: 'array', items: sourceSchema }, ...problems(401, 403, 429) },
      },
    },
    async () => {
      const records = await readSourceRecords(
        context.prisma,
        context.sources.map((s) => s.name),
        RECENT_RUNS,
      );
      return context.sources.map((source, i) => sourceView(source, records[i]!));
    },
  );

  scope.get<{ Params: { name: string } }>(
    '/sources/:name',
    {
      onRequest: read,
      schema: {
        summary: 'One source',
        tags: ['sources'],
        security: SECURED,
        params: { type: 'object', properties: { name: { type: 'string', maxLength: 64 } } },
        response: { 200: sourceSchema, ...problems(401, 403, 404, 429) },
      },
    },
    async (request) => {
      const source = known(request.params.name);
      const [record] = await readSourceRecords(context.prisma, [source.name], RECENT_RUNS);
      return sourceView(source, record!);
    },
  );

  scope.post<{ Params: { name: string } }>(
    '/sources/:name/sync',
    {
      onRequest: requireRole(context, 'write'),
      schema: {
        summary: 'Sync a source now',
        tags: ['sources'],
        security: SECURED,
        params: { type: 'object', properties: { name: { type: 'string', maxLength: 64 } } },
        response: {
          202: { type: 'object', properties: { source: { type: 'string' }, requested: { type: 'boolean' } } },
          ...problems(401, 403, 404, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const source = known(request.params.name);
      if (!context.triggerSync || !source.enabled) {
        throw new UnavailableError('this api cannot trigger a sync of that source (no fetcher runs it here)');
      }
      await context.triggerSync(source.name);
      await context.audit(principalOf(request), 'source.sync_now', { type: 'source', id: source.name });
      return reply.code(202).send({ source: source.name, requested: true });
    },
  );

  scope.get<{ Querystring: { source?: string; outcome?: string; limit: number; before?: string } }>(
    '/sync-runs',
    {
      onRequest: read,
      schema: {
        summary: 'Sync runs, newest first',
        tags: ['sources'],
        security: SECURED,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            source: { type: 'string', maxLength: 64 },
            outcome: { type: 'string', enum: ['running', 'succeeded', 'failed', 'held'] },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            before: {
              type: 'string',
              pattern: '^[1-9][0-9]{0,17}$',
              description: 'runs with a lower id (paging)',
            },
          },
        },
        response: { 200: { type: 'array', items: syncRunSchema }, ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => {
      const { source, outcome, limit, before } = request.query;
      const runs = await listSyncRuns(context.prisma, {
        limit,
        ...(source !== undefined ? { source } : {}),
        ...(outcome !== undefined ? { outcome } : {}),
        ...(before !== undefined ? { beforeId: BigInt(before) } : {}),
      });
      return runs.map(syncRunView);
    },
  );

  scope.get<{
    Querystring: { source?: string; sourceKey?: string; reason?: string; offset: number; limit: number };
  }>(
    '/rejections',
    {
      onRequest: read,
      schema: {
        summary: 'Why records are not on the worklist: reason codes and the fields at fault',
        tags: ['sources'],
        security: SECURED,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            source: { type: 'string', maxLength: 64 },
            sourceKey: { type: 'string', maxLength: 256 },
            reason: { type: 'string', maxLength: 64 },
            offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              total: { type: 'integer' },
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    source: { type: 'string' },
                    sourceKey: { type: 'string' },
                    reasonCode: { type: 'string' },
                    message: { type: 'string', description: 'names the fields at fault, never their values' },
                    fields: { type: 'array', items: { type: 'string' } },
                    rawRef: nullableString,
                    firstSeenAt: { type: 'string' },
                    lastSeenAt: { type: 'string' },
                  },
                },
              },
            },
          },
          ...problems(400, 401, 403, 429),
        },
      },
    },
    async (request) => {
      const { source, sourceKey, reason, offset, limit } = request.query;
      const page = await listRejections(context.prisma, {
        offset,
        limit,
        ...(source !== undefined ? { source } : {}),
        ...(sourceKey !== undefined ? { sourceKey } : {}),
        ...(reason !== undefined ? { reasonCode: reason } : {}),
      });
      return {
        total: page.total,
        items: page.items.map((r) => ({
          source: r.source,
          sourceKey: r.sourceKey,
          reasonCode: r.reasonCode,
          message: r.message,
          fields: fieldPathsOf(r.message),
          rawRef: r.rawRef,
          firstSeenAt: r.firstSeenAt.toISOString(),
          lastSeenAt: r.lastSeenAt.toISOString(),
        })),
      };
    },
  );
}

const ENTRY_FIELDS = new Set(Object.keys(worklistEntrySchema.shape));

/**
 * The worklist field paths a rejection message names. Source plugins write one `path message` per
 * problem, joined by `; ` (e.g. `spsStartDate (field scan_date) is empty`); a first word that is no
 * worklist field yields no path, and the message still tells it all.
 */
export function fieldPathsOf(message: string): string[] {
  const paths = new Set<string>();
  for (const part of message.split(/;\s*/)) {
    const path = /^([A-Za-z][\w.]{0,127})\s/.exec(part)?.[1];
    if (path === undefined) continue;
    const root = path.split('.')[0] ?? '';
    if (ENTRY_FIELDS.has(root)) paths.add(path);
  }
  return [...paths];
}
