import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiContext } from '../api-context.ts';
import { roleAllows, type Principal } from '../auth/roles.ts';
import { constantTimeEqual } from '../auth/secrets.ts';
import { CsrfError } from '../errors.ts';
import { filterProperties } from '../routes/worklist.routes.ts';
import { worklistCsv, worklistItemView } from '../routes/worklist-view.ts';
import { CLIENT_SCRIPT } from './client-script.ts';
import { loadRejections, loadSources, loadToday, PAGE_ROWS, searchWorklist } from './dashboard-data.ts';
import { acceptFormBodies } from './form-body.ts';
import { parseDay } from './format.ts';
import type { Html } from './html.ts';
import { page, type PagePath } from './layout.ts';
import { rejectionsPage } from './pages/rejections.page.ts';
import { signInPage } from './pages/sign-in.page.ts';
import { sourcesPage } from './pages/sources.page.ts';
import { todayPage } from './pages/today.page.ts';
import { worklistPage, type WorklistSearch } from './pages/worklist.page.ts';
import { secureHeaders } from './security-headers.ts';
import { STYLESHEET } from './styles.ts';

export interface DashboardOptions {
  /** Seconds between the Today and Sources pages' own refreshes. */
  refreshSeconds: number;
}

const DAY = '^\\d{4}-\\d{2}-\\d{2}$';
type SearchBody = WorklistSearch & { csrf?: string };

const searchBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    csrf: { type: 'string', maxLength: 128 },
    q: filterProperties.q,
    from: { type: 'string', pattern: DAY },
    to: { type: 'string', pattern: DAY },
    station: { type: 'string', maxLength: 64 },
    status: { type: 'string', enum: ['SCHEDULED', 'STARTED', 'COMPLETED', 'DISCONTINUED', 'CANCELED'] },
  },
} as const;

/**
 * The dashboard: server-rendered pages at `/` for signed-in users (the api's session cookie), one
 * stylesheet and one script under `/assets/`. Pages read the database through the same
 * repositories as the REST routes; state changes (sign-in, sign-out, sync now) go through the REST
 * api itself. Search text travels in POST bodies, never in a URL.
 */
export function registerDashboard(
  app: FastifyInstance,
  context: ApiContext,
  options: DashboardOptions,
): void {
  const send = (reply: FastifyReply, title: string, body: Html, principal?: Principal, current?: PagePath) =>
    secureHeaders(reply, 'no-store')
      .type('text/html; charset=utf-8')
      .send(page({ title, body, ...(principal ? { principal } : {}), ...(current ? { current } : {}) }));

  /** The signed-in user, or a redirect to the sign-in page (then undefined). */
  async function signedIn(request: FastifyRequest, reply: FastifyReply): Promise<Principal | undefined> {
    const principal = await context.authenticator.session(request);
    if (!principal) void secureHeaders(reply, 'no-store').redirect('/sign-in', 303);
    return principal ?? undefined;
  }

  /** Forms post the session's CSRF token (SameSite=Strict already keeps other sites out). */
  function checkCsrf(principal: Principal, sent: string | undefined): void {
    if (sent === undefined || !constantTimeEqual(sent, principal.csrfToken ?? '')) throw new CsrfError();
  }

  const hidden = { schema: { hide: true } };

  app.get('/assets/dashboard.css', hidden, (_request, reply) =>
    secureHeaders(reply, 'asset').type('text/css; charset=utf-8').send(STYLESHEET),
  );
  app.get('/assets/dashboard.js', hidden, (_request, reply) =>
    secureHeaders(reply, 'asset').type('text/javascript; charset=utf-8').send(CLIENT_SCRIPT),
  );

  app.get('/', hidden, async (request, reply) => {
    const principal = await context.authenticator.session(request);
    return secureHeaders(reply, 'no-store').redirect(principal ? '/today' : '/sign-in', 303);
  });

  app.get('/sign-in', hidden, async (request, reply) => {
    if (await context.authenticator.session(request))
      return secureHeaders(reply, 'no-store').redirect('/today', 303);
    return send(reply, 'Sign in', signInPage());
  });

  app.get<{ Querystring: { date?: string } }>(
    '/today',
    {
      schema: {
        hide: true,
        querystring: { type: 'object', properties: { date: { type: 'string', maxLength: 10 } } },
      },
    },
    async (request, reply) => {
      const principal = await signedIn(request, reply);
      if (!principal) return reply;
      const data = await loadToday(context, parseDay(request.query.date), options.refreshSeconds);
      return send(reply, `Today — ${data.day}`, todayPage(data), principal, '/today');
    },
  );

  app.get('/sources', hidden, async (request, reply) => {
    const principal = await signedIn(request, reply);
    if (!principal) return reply;
    const data = await loadSources(context, roleAllows(principal.role, 'write'), options.refreshSeconds);
    return send(reply, 'Sources', sourcesPage(data), principal, '/sources');
  });

  app.get('/rejections', hidden, async (request, reply) => {
    const principal = await signedIn(request, reply);
    if (!principal) return reply;
    return send(
      reply,
      'Rejected records',
      rejectionsPage(await loadRejections(context)),
      principal,
      '/rejections',
    );
  });

  app.get('/worklist', hidden, async (request, reply) => {
    const principal = await signedIn(request, reply);
    if (!principal) return reply;
    const body = worklistPage({ search: {}, csrfToken: principal.csrfToken ?? '' });
    return send(reply, 'Worklist search', body, principal, '/worklist');
  });

  void app.register((scope) => {
    acceptFormBodies(scope);
    const post = { schema: { hide: true, body: searchBody } };

    scope.post<{ Body: SearchBody }>('/worklist', post, async (request, reply) => {
      const principal = await signedIn(request, reply);
      if (!principal) return reply;
      const { csrf, ...search } = request.body;
      checkCsrf(principal, csrf);
      const results = await searchWorklist(context, search, PAGE_ROWS);
      const body = worklistPage({ search, csrfToken: principal.csrfToken ?? '', results });
      return send(reply, 'Worklist search', body, principal, '/worklist');
    });

    scope.post<{ Body: SearchBody }>('/worklist/export', post, async (request, reply) => {
      const principal = await signedIn(request, reply);
      if (!principal) return reply;
      const { csrf, ...search } = request.body;
      checkCsrf(principal, csrf);
      const found = await searchWorklist(context, search, context.options.exportMaxRows);
      await context.audit(principal, 'worklist.export', {
        type: 'worklist',
        id: 'csv',
        detail: { rows: found.items.length },
      });
      const stamp = context.clock().toISOString().slice(0, 10).replaceAll('-', '');
      return secureHeaders(reply, 'no-store')
        .header('x-total-count', String(found.total))
        .header('content-disposition', `attachment; filename="worklist-${stamp}.csv"`)
        .type('text/csv; charset=utf-8')
        .send(worklistCsv(found.items.map(worklistItemView)));
    });
    return Promise.resolve();
  });
}
