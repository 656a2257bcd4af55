import { findWorklistItem, listWorklistItems, type WorklistListFilter } from '@mwl/db';
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context.ts';
import { NotFoundError } from '../errors.ts';
import { problems } from '../openapi.ts';
import { requireRole, SECURED } from './guard.ts';
import { worklistCsv, worklistItemSchema, worklistItemView } from './worklist-view.ts';

const DAY = {
  type: 'string',
  pattern: '^\\d{4}-?\\d{2}-?\\d{2}$',
  description: 'YYYYMMDD or YYYY-MM-DD (local)',
};
const LIST = { type: 'string', maxLength: 1000, description: 'comma-separated values' };

export const filterProperties = {
  from: { ...DAY, description: 'scheduled on or after this local day' },
  to: { ...DAY, description: 'scheduled on or before this local day' },
  station: { ...LIST, description: 'Scheduled Station AE Titles, comma-separated' },
  modality: { ...LIST, description: 'modalities, comma-separated' },
  status: { ...LIST, description: 'SPS statuses, comma-separated' },
  source: { ...LIST, description: 'data sources, comma-separated' },
  q: {
    type: 'string',
    maxLength: 64,
    description: 'text in patient name or id, accession number, source key',
  },
  includeCancelled: { type: 'boolean', default: false },
} as const;

export interface FilterQuery {
  from?: string;
  to?: string;
  station?: string;
  modality?: string;
  status?: string;
  source?: string;
  q?: string;
  includeCancelled?: boolean;
}

const list = (value: string | undefined) =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
const day = (value: string | undefined) => value?.replaceAll('-', '');

export function filterOf(query: FilterQuery): WorklistListFilter {
  const filter: WorklistListFilter = { includeCancelled: query.includeCancelled ?? false };
  const set = <K extends keyof WorklistListFilter>(key: K, value: WorklistListFilter[K] | undefined) => {
    if (value !== undefined) filter[key] = value;
  };
  set('dateFrom', day(query.from));
  set('dateTo', day(query.to));
  set('stations', list(query.station));
  set(
    'modalities',
    list(query.modality)?.map((m) => m.toUpperCase()),
  );
  set(
    'statuses',
    list(query.status)?.map((s) => s.toUpperCase()),
  );
  set('sources', list(query.source));
  set('text', query.q);
  return filter;
}

export function registerWorklistRoutes(scope: FastifyInstance, context: ApiContext): void {
  const read = requireRole(context, 'read');

  scope.get<{ Querystring: FilterQuery & { offset: number; limit: number } }>(
    '/worklist',
    {
      onRequest: read,
      schema: {
        summary: 'List worklist items',
        tags: ['worklist'],
        security: SECURED,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...filterProperties,
            offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: { type: 'array', items: worklistItemSchema },
              total: { type: 'integer' },
              offset: { type: 'integer' },
              limit: { type: 'integer' },
            },
          },
          ...problems(400, 401, 403, 429),
        },
      },
    },
    async (request) => {
      const { offset, limit } = request.query;
      const page = await listWorklistItems(context.prisma, filterOf(request.query), { offset, limit });
      return { items: page.items.map(worklistItemView), total: page.total, offset, limit };
    },
  );

  scope.get<{ Querystring: FilterQuery & { format: 'csv' | 'json' } }>(
    '/worklist/export',
    {
      onRequest: read,
      schema: {
        summary: 'Export worklist items as CSV or JSON',
        description: `At most the api's exportMaxRows items; the x-total-count header tells how many matched.`,
        tags: ['worklist'],
        security: SECURED,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...filterProperties,
            format: { type: 'string', enum: ['csv', 'json'], default: 'csv' },
          },
        },
        response: {
          200: {
            description: 'the items',
            content: {
              'text/csv': { schema: { type: 'string' } },
              'application/json': { schema: { type: 'array', items: worklistItemSchema } },
            },
          },
          ...problems(400, 401, 403, 429),
        },
      },
    },
    async (request, reply) => {
      const limit = context.options.exportMaxRows;
      const page = await listWorklistItems(context.prisma, filterOf(request.query), { offset: 0, limit });
      const views = page.items.map(worklistItemView);
      reply.header('x-total-count', String(page.total));
      const stamp = context.clock().toISOString().slice(0, 10).replaceAll('-', '');
      if (request.query.format === 'json') {
        reply.header('content-disposition', `attachment; filename="worklist-${stamp}.json"`);
        return reply.type('application/json').send(JSON.stringify(views));
      }
      reply.header('content-disposition', `attachment; filename="worklist-${stamp}.csv"`);
      return reply.type('text/csv; charset=utf-8').send(worklistCsv(views));
    },
  );

  scope.get<{ Params: { id: string } }>(
    '/worklist/:id',
    {
      onRequest: read,
      schema: {
        summary: 'One worklist item',
        tags: ['worklist'],
        security: SECURED,
        params: { type: 'object', properties: { id: { type: 'string', pattern: '^[1-9][0-9]{0,17}$' } } },
        response: { 200: worklistItemSchema, ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const row = await findWorklistItem(context.prisma, BigInt(request.params.id));
      if (!row) throw new NotFoundError('worklist item');
      return worklistItemView(row);
    },
  );
}
