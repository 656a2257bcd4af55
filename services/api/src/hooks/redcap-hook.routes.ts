import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context.ts';
import { constantTimeEqual } from '../auth/secrets.ts';
import { HookRejectedError, RateLimitedError, RequestValidationError } from '../errors.ts';
import { problems } from '../openapi.ts';
import { createDetCoalescer } from './det-coalescer.ts';

/** A source's Data Entry Trigger settings, its secret already read (from env or `*_FILE`). */
export interface RedcapHookSettings {
  secret: string;
  /** Client addresses allowed to post (exact match of the request's address); absent: any. */
  allowedAddresses?: readonly string[];
  /** REDCap's `project_id` the posts must carry; absent: not checked. */
  projectId?: string;
}

export interface RedcapHookDeps {
  hooks: Readonly<Record<string, RedcapHookSettings>>;
  requestTargetedFetch(source: string, recordIds: readonly string[]): Promise<void>;
}

interface DetBody {
  project_id?: string;
  record?: string;
  instrument?: string;
  redcap_event_name?: string;
  redcap_repeat_instance?: string;
  redcap_url?: string;
  project_url?: string;
  username?: string;
  [key: string]: string | undefined;
}

const MAX_BODY_BYTES = 16 * 1024;
const MAX_PENDING_RECORDS = 1000;
const CONTROL = /\p{Cc}/u;

/**
 * `POST /hooks/redcap/{source}/{secret}`: REDCap's Data Entry Trigger (a form-encoded post on every
 * save). The secret is compared in constant time; an unknown source, a wrong secret, a refused
 * sender and a wrong project all get the same 404. Accepted triggers are answered 200 at once and
 * coalesced per source into one targeted fetch; REDCap does not retry, and the periodic sync still
 * catches what a lost trigger missed.
 */
export async function registerRedcapHook(
  app: FastifyInstance,
  context: ApiContext,
  deps: RedcapHookDeps,
): Promise<{ flush(): Promise<void> }> {
  const coalescer = createDetCoalescer({
    windowMs: context.options.detCoalesceMs,
    maxPending: MAX_PENDING_RECORDS,
    send: (source, recordIds) => deps.requestTargetedFetch(source, recordIds),
    onError: (source, error) =>
      context.logger.error(
        { source, errName: (error as Error).name, errCode: (error as { code?: unknown }).code },
        'targeted fetch request failed',
      ),
  });

  await app.register((scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: MAX_BODY_BYTES },
      (_request, body, done) => {
        const fields: Record<string, string> = {};
        for (const [key, value] of new URLSearchParams(body as string)) fields[key] = value;
        done(null, fields);
      },
    );

    scope.post<{ Params: { source: string; secret: string }; Body: DetBody }>(
      '/hooks/redcap/:source/:secret',
      {
        bodyLimit: MAX_BODY_BYTES,
        schema: {
          summary: 'REDCap Data Entry Trigger: fetch the saved record now',
          tags: ['hooks'],
          security: [],
          consumes: ['application/x-www-form-urlencoded'],
          params: {
            type: 'object',
            properties: {
              source: { type: 'string', maxLength: 64 },
              secret: { type: 'string', maxLength: 256 },
            },
          },
          body: {
            type: 'object',
            required: ['record'],
            properties: {
              project_id: { type: 'string', maxLength: 32 },
              record: { type: 'string', minLength: 1, maxLength: 100 },
              instrument: { type: 'string', maxLength: 100 },
              redcap_event_name: { type: 'string', maxLength: 100 },
              redcap_repeat_instance: { type: 'string', maxLength: 16 },
              redcap_repeat_instrument: { type: 'string', maxLength: 100 },
              redcap_url: { type: 'string', maxLength: 2048 },
              project_url: { type: 'string', maxLength: 2048 },
              redcap_data_access_group: { type: 'string', maxLength: 100 },
              username: { type: 'string', maxLength: 255 },
            },
          },
          response: {
            200: {
              type: 'object',
              properties: { status: { type: 'string', enum: ['accepted', 'coalesced'] } },
            },
            ...problems(400, 404, 429),
          },
        },
        // Checked before the body is read: a stranger cannot make us parse anything.
        onRequest: (request, _reply, done) => {
          const wait = context.limiter.blockedFor(request.ip);
          if (wait > 0) return done(new RateLimitedError(wait));
          const { source, secret } = request.params;
          const hook = Object.hasOwn(deps.hooks, source) ? deps.hooks[source] : undefined;
          const secretOk = constantTimeEqual(secret, hook?.secret ?? '\u0000no hook');
          const addressOk = !hook?.allowedAddresses || hook.allowedAddresses.includes(request.ip);
          if (!hook || !secretOk || !addressOk) {
            context.limiter.fail(request.ip);
            context.metrics.authFailure('hook');
            return done(new HookRejectedError());
          }
          done();
        },
      },
      (request, reply) => {
        const { source } = request.params;
        const hook = deps.hooks[source]!;
        const body = request.body;
        if (hook.projectId !== undefined && body.project_id !== hook.projectId) {
          context.metrics.detTrigger(source, 'refused');
          throw new HookRejectedError();
        }
        const record = body.record ?? '';
        if (record.length === 0 || record.length > 100 || CONTROL.test(record)) {
          throw new RequestValidationError('the trigger is invalid', [
            { path: 'body.record', message: 'must be 1-100 characters without control characters' },
          ]);
        }
        const status = coalescer.add(source, record);
        context.metrics.detTrigger(source, status);
        return reply.send({ status });
      },
    );
    return Promise.resolve();
  });

  return { flush: () => coalescer.flush() };
}
