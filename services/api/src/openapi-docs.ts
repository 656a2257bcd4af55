import type { FastifyInstance } from 'fastify';

/** The slice of an OpenAPI 3 document the page shows. */
interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; description?: string }[];
  requestBody?: { content?: Record<string, unknown> };
  responses?: Record<string, { description?: string }>;
}
interface Document {
  info?: { title?: string; version?: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `code` spans for backticks, nothing else: descriptions are our own plain sentences. */
function prose(text: string | undefined): string {
  return escape(text ?? '').replace(/`([^`]+)`/g, '<code>$1</code>');
}

function operationHtml(method: string, path: string, op: Operation): string {
  const params = (op.parameters ?? [])
    .map(
      (p) =>
        `<li><code>${escape(p.name)}</code> (${escape(p.in)}${p.required ? ', required' : ''})` +
        `${p.description ? ` ${prose(p.description)}` : ''}</li>`,
    )
    .join('');
  const body = op.requestBody?.content ? Object.keys(op.requestBody.content).map(escape).join(', ') : '';
  const responses = Object.entries(op.responses ?? {})
    .map(([status, r]) => `<code>${escape(status)}</code> ${prose(r.description)}`)
    .join('; ');
  const open = op.security !== undefined && op.security.length === 0;
  return `<section id="${escape(`${method}-${path}`)}">
<h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
<p>${prose(op.summary)}${open ? ' <em>(no token)</em>' : ''}</p>
${op.description ? `<p>${prose(op.description)}</p>` : ''}
${params ? `<ul>${params}</ul>` : ''}
${body ? `<p>Body: ${body}</p>` : ''}
${responses ? `<p class="r">Answers: ${responses}</p>` : ''}
</section>`;
}

/**
 * The api's documentation page: every route of the generated OpenAPI document (the one
 * `/api/v1/openapi.json` serves), grouped by tag, as one self-contained HTML page (no script, no
 * stylesheet or font from elsewhere: hospital networks are often offline).
 */
export function renderApiDocs(document: Document): string {
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationHtml(method, path, op)]);
    }
  }
  const title = escape(`${document.info?.title ?? 'api'} ${document.info?.version ?? ''}`.trim());
  const toc = [...byTag.keys()].map((tag) => `<a href="#tag-${escape(tag)}">${escape(tag)}</a>`).join(' · ');
  const sections = [...byTag.entries()]
    .map(([tag, ops]) => `<h2 id="tag-${escape(tag)}">${escape(tag)}</h2>\n${ops.join('\n')}`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
code{font-family:ui-monospace,monospace;background:#f3f3f3;padding:0 .2em}
section{border-top:1px solid #ddd;padding:.4rem 0}h3{margin:.4rem 0;font-size:1rem}
.m{display:inline-block;min-width:4rem;font-family:ui-monospace,monospace}
.get{color:#0a6}.post{color:#06c}.put{color:#a60}.delete{color:#c00}.r{color:#555}
</style></head><body>
<h1>${title}</h1>
<p>${prose(document.info?.description)}</p>
<p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>. Tokens: <code>mwl-bridge token create NAME --role read|write|admin</code>, sent as <code>Authorization: Bearer …</code>.</p>
<nav>${toc}</nav>
${sections}
</body></html>
`;
}

/** `GET /api/v1/docs`: public, like the OpenAPI document it renders. */
export function registerApiDocs(app: FastifyInstance, document: () => object): void {
  let page: string | undefined;
  app.get('/api/v1/docs', { schema: { hide: true } }, (_request, reply) => {
    page ??= renderApiDocs(document());
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .header('cache-control', 'no-cache')
      .send(page);
  });
}
