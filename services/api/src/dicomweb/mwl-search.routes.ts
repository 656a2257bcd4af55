import { createWorklistFindRepository } from '@mwl/db';
import { buildResponse, planQuery } from '@mwl/domain';
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context.ts';
import { ApiError, RequestValidationError } from '../errors.ts';
import { problems } from '../openapi.ts';
import { requireRole, SECURED } from '../routes/guard.ts';
import { toDicomJson } from './dicom-json.ts';
import { DICOM_JSON, requireDicomJsonAccepted } from './media-type.ts';
import { parseSearchQuery } from './search-query.ts';

/**
 * `GET /dicomweb/modality-scheduled-procedure-steps`: the Modality Scheduled Procedure Step search
 * of PS3.18 ch.14, answered by the DIMSE gateway's planner (`planQuery`), SQL (`worklist-find`) and
 * response builder, so DICOMweb and C-FIND match the same items. `application/dicom+json` only
 * (other media types: 406); no match: 204, or `200 []` with `dicomwebEmptyArray` (CP-2473).
 */
export function registerMwlSearch(scope: FastifyInstance, context: ApiContext): void {
  const repository = createWorklistFindRepository(context.prisma);
  const maxResults = context.options.dicomwebMaxResults;

  scope.get(
    '/dicomweb/modality-scheduled-procedure-steps',
    {
      onRequest: requireRole(context, 'read'),
      schema: {
        summary: 'Search Modality Scheduled Procedure Steps (PS3.18 ch.14)',
        description:
          'Attribute matching as C-FIND (keyword or tag, nested with "."), includefield, offset, limit; ' +
          'fuzzymatching is ignored (Warning header).',
        tags: ['dicomweb'],
        security: SECURED,
        response: {
          200: {
            description: 'matches',
            content: {
              [DICOM_JSON]: {
                schema: { type: 'array', items: { type: 'object', additionalProperties: true } },
              },
            },
          },
          204: { type: 'null', description: 'no match' },
          ...problems(400, 401, 403, 406, 413, 429),
        },
      },
    },
    async (request, reply) => {
      requireDicomJsonAccepted(request);
      const search = request.raw.url?.split('?')[1] ?? '';
      const query = parseSearchQuery(new URLSearchParams(search), maxResults);
      const planned = planQuery(query.identifier, { pnCaseInsensitive: context.options.pnCaseInsensitive });
      if (!planned.ok) {
        throw new RequestValidationError('the search cannot be matched', [
          { path: 'query', message: planned.reason },
        ]);
      }
      const matches = [];
      const stream = repository.streamMatches(planned.plan, { maxResults });
      let next = await stream.next();
      for (; !next.done; next = await stream.next()) matches.push(next.value);
      if (next.value === 'over-cap') {
        throw new ApiError(
          'MWL_ERR_API_TOO_MANY_MATCHES',
          413,
          `more than ${maxResults} matches: narrow the search`,
        );
      }
      const page = matches.slice(
        query.offset,
        query.limit === undefined ? undefined : query.offset + query.limit,
      );
      if (query.fuzzyIgnored) reply.header('warning', '299 mwl-bridge "fuzzymatching is not supported"');
      if (page.length === 0 && !context.options.dicomwebEmptyArray) return reply.code(204).send();
      const body = page.map((row) => toDicomJson(buildResponse(row, planned.plan.returnKeys)));
      return reply.type(DICOM_JSON).send(JSON.stringify(body));
    },
  );
}
