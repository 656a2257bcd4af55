import { createMppsRepository } from '@mwl/db';
import { createDicomJsonCodec, type DicomDataset } from '@mwl/dimse';
import {
  decideCreate,
  decideSet,
  isValidUid,
  mppsEndedAt,
  mppsStartedAt,
  type MppsDataset,
} from '@mwl/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiContext } from '../api-context.ts';
import { ApiError, RequestValidationError, UnavailableError } from '../errors.ts';
import { problems } from '../openapi.ts';
import { principalOf, requireRole, SECURED } from '../routes/guard.ts';
import { mppsExists, mppsRefusal, mppsUnknown } from './mpps-answers.ts';
import { DICOM_JSON, requireDicomJsonAccepted } from './media-type.ts';

const BASE = '/dicomweb/modality-performed-procedure-steps';
/** As large as one DIMSE message may be: a Performed Series Sequence can list thousands of images. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

type Action = 'create' | 'update' | 'retrieve';
interface UidParams {
  uid: string;
}
type Handler = (request: FastifyRequest<{ Params: UidParams }>, reply: FastifyReply) => Promise<FastifyReply>;

const dicomJsonBody = {
  description: 'a DICOM JSON data set (an object keyed by tag), or an array holding one',
};
const uidParams = {
  type: 'object',
  required: ['uid'],
  properties: { uid: { type: 'string', description: 'the MPPS UID (SOP Instance UID)' } },
} as const;

/**
 * PS3.18 ch.15 Modality Performed Procedure Step service at `/dicomweb/modality-performed-procedure-steps/{uid}`:
 * create (`POST`), update (`POST …?update`, also `POST …/update` as Annex B writes it) and retrieve
 * (`GET`, with `includefield`). The DIMSE gateway's own state machine (`decideCreate`, `decideSet`)
 * and store (`createMppsRepository`: links to worklist items and their STARTED / COMPLETED /
 * DISCONTINUED status in one statement) do the work, so a step created here can be finished over
 * DIMSE and the other way round. Create and update need the `write` role, retrieve `read`.
 */
export async function registerMppsRoutes(app: FastifyInstance, context: ApiContext): Promise<void> {
  const repository = createMppsRepository(context.prisma);
  const codec = createDicomJsonCodec();
  const timezone = context.options.timezone;

  const uidOf = (request: FastifyRequest<{ Params: UidParams }>): string => {
    const { uid } = request.params;
    if (!isValidUid(uid)) {
      throw new ApiError('MWL_ERR_API_MPPS_INVALID_UID', 400, 'the MPPS UID is not a valid UID');
    }
    return uid;
  };
  const datasetOf = (body: unknown): DicomDataset => {
    const decoded = codec.decode(body);
    if (!decoded.ok)
      throw new RequestValidationError('the body is not a DICOM JSON data set', decoded.problems);
    return decoded.dataset;
  };
  /** Counts and logs the answer (codes, no values); a store failure becomes 503, detail to the log. */
  const answering =
    (action: Action, handle: Handler): Handler =>
    async (request, reply) => {
      try {
        const sent = await handle(request, reply);
        context.metrics.mppsAnswered(action, reply.statusCode);
        return sent;
      } catch (error) {
        const known = error instanceof ApiError;
        const answered = known
          ? error
          : new UnavailableError('the MPPS store is unavailable', { cause: error });
        context.logger[known ? 'warn' : 'error'](
          known
            ? { action, code: answered.code }
            : { action, errName: (error as Error).name, errCode: (error as { code?: unknown }).code },
          'DICOMweb MPPS refused',
        );
        context.metrics.mppsAnswered(action, answered.status);
        throw answered;
      }
    };

  const create = answering('create', async (request, reply) => {
    const uid = uidOf(request);
    const dataset = datasetOf(request.body);
    const decision = decideCreate(dataset);
    if (!decision.ok) throw mppsRefusal(decision.failure);
    const principal = principalOf(request);
    const stored = await repository.create({
      sopInstanceUid: uid,
      created: decision.created,
      dataset,
      callingAeTitle: `dicomweb:${principal.name}`,
      startedAt: mppsStartedAt(decision.created, timezone),
    });
    if (stored.outcome === 'duplicate') throw mppsExists();
    await context.audit(principal, 'mpps.create', {
      type: 'mpps',
      id: uid,
      detail: { links: stored.links.length },
    });
    context.logger.info({ sopInstanceUid: uid, links: stored.links.length }, 'DICOMweb MPPS created');
    return reply.code(201).header('location', `${BASE}/${uid}`).send();
  });

  const update = answering('update', async (request, reply) => {
    const uid = uidOf(request);
    const dataset: MppsDataset = datasetOf(request.body);
    const result = await repository.update(
      uid,
      (state) => decideSet(state, dataset),
      ({ updated }) => mppsEndedAt(updated, timezone),
    );
    if (result.outcome === 'not-found') throw mppsUnknown();
    if (result.outcome === 'refused') throw mppsRefusal(result.decision.failure);
    await context.audit(principalOf(request), 'mpps.update', {
      type: 'mpps',
      id: uid,
      detail: { status: result.status, itemsUpdated: result.itemsUpdated },
    });
    context.logger.info(
      { sopInstanceUid: uid, status: result.status, itemsUpdated: result.itemsUpdated },
      'DICOMweb MPPS updated',
    );
    if (result.ignored.length > 0) {
      // The DIMSE policy: attributes N-SET may not change are ignored, the created values kept.
      reply.header('warning', `299 mwl-bridge "not updatable, ignored: ${result.ignored.join(' ')}"`);
    }
    return reply.code(200).send();
  });

  const retrieve = answering('retrieve', async (request, reply) => {
    requireDicomJsonAccepted(request);
    const uid = uidOf(request);
    const include = includedTags(request.raw.url ?? '', (attribute) => codec.tagOf(attribute));
    const state = await repository.get(uid);
    if (!state) throw mppsUnknown();
    const json = codec.encode(state.attributes);
    const body =
      include === 'all' ? json : Object.fromEntries(Object.entries(json).filter(([tag]) => include.has(tag)));
    return reply.type(DICOM_JSON).send(JSON.stringify([body]));
  });

  await app.register((scope) => {
    scope.addContentTypeParser(
      DICOM_JSON,
      { parseAs: 'string', bodyLimit: MAX_BODY_BYTES },
      scope.getDefaultJsonParser('error', 'error'),
    );
    const write = {
      onRequest: requireRole(context, 'write'),
      bodyLimit: MAX_BODY_BYTES,
    };
    scope.post<{ Params: UidParams; Querystring: Record<string, string> }>(
      `${BASE}/:uid`,
      {
        ...write,
        schema: {
          summary: 'Create (or, with ?update, update) a Modality Performed Procedure Step (PS3.18 ch.15)',
          description:
            'Without `update`: the Create transaction (N-CREATE): 201, 400 (missing or invalid ' +
            'attributes, named in `problems`), 409 (the UID is in use). With `?update`: the Update ' +
            'transaction (N-SET): 200, 400, 404 (unknown UID), 409 (already COMPLETED or DISCONTINUED). ' +
            'Never 410: steps are not deleted.',
          tags: ['dicomweb'],
          security: SECURED,
          params: uidParams,
          querystring: { type: 'object', properties: { update: { type: 'string' } } },
          body: dicomJsonBody,
          response: {
            200: { type: 'null', description: 'updated' },
            201: { type: 'null', description: 'created' },
            ...problems(400, 401, 403, 404, 409, 413, 415, 429, 503),
          },
        },
      },
      (request, reply) =>
        Object.hasOwn(request.query, 'update') ? update(request, reply) : create(request, reply),
    );
    scope.post<{ Params: UidParams }>(
      `${BASE}/:uid/update`,
      {
        ...write,
        schema: {
          summary: 'Update a Modality Performed Procedure Step (the path form of PS3.18 Annex B)',
          tags: ['dicomweb'],
          security: SECURED,
          params: uidParams,
          body: dicomJsonBody,
          response: {
            200: { type: 'null', description: 'updated' },
            ...problems(400, 401, 403, 404, 409, 413, 415, 429, 503),
          },
        },
      },
      update,
    );
    scope.get<{ Params: UidParams }>(
      `${BASE}/:uid`,
      {
        onRequest: requireRole(context, 'read'),
        schema: {
          summary: 'Retrieve a Modality Performed Procedure Step (PS3.18 ch.15)',
          description: '`includefield` (keywords or tags, comma-separated, or `all`) limits the attributes.',
          tags: ['dicomweb'],
          security: SECURED,
          params: uidParams,
          response: {
            200: {
              description: 'the step, as a DICOM JSON array of one data set',
              content: {
                [DICOM_JSON]: {
                  schema: { type: 'array', items: { type: 'object', additionalProperties: true } },
                },
              },
            },
            ...problems(400, 401, 403, 404, 406, 429, 503),
          },
        },
      },
      retrieve,
    );
    return Promise.resolve();
  });
}

/** The tags `includefield` asks for (all when absent or `all`); an unknown attribute is a 400. */
function includedTags(url: string, tagOf: (attribute: string) => string | undefined): Set<string> | 'all' {
  const values = new URLSearchParams(url.split('?')[1] ?? '')
    .getAll('includefield')
    .flatMap((value) => value.split(','))
    .filter((value) => value !== '');
  if (values.length === 0 || values.includes('all')) return 'all';
  const tags = new Set<string>();
  const unknown: { path: string; message: string }[] = [];
  for (const value of values.slice(0, 64)) {
    const tag = tagOf(value);
    if (tag) tags.add(tag);
    else unknown.push({ path: 'query.includefield', message: `${value.slice(0, 64)} is not an attribute` });
  }
  if (unknown.length > 0) throw new RequestValidationError('invalid includefield', unknown);
  return tags;
}
