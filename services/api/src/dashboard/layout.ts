import type { Principal } from '../auth/roles.ts';
import { localDateTime } from './format.ts';
import { html, type Html } from './html.ts';

export const PAGES = [
  { path: '/today', label: 'Today' },
  { path: '/sources', label: 'Sources' },
  { path: '/rejections', label: 'Rejections' },
  { path: '/worklist', label: 'Worklist search' },
] as const;

export type PagePath = (typeof PAGES)[number]['path'];

export interface PageShell {
  title: string;
  /** The nav entry to mark as current. */
  current?: PagePath;
  /** Signed-in user (absent on the sign-in page). */
  principal?: Principal;
  body: Html;
}

function head(title: string, csrfToken: string | undefined): Html {
  return html`<head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    ${csrfToken ? html`<meta name="csrf-token" content="${csrfToken}" />` : ''}
    <title>${title} · mwl-bridge</title>
    <link rel="stylesheet" href="/assets/dashboard.css" />
    <script src="/assets/dashboard.js" defer></script>
  </head>`;
}

function navigation(current: PagePath | undefined, principal: Principal): Html {
  const links = PAGES.map(
    (page) =>
      html`<li>
        <a href="${page.path}" ${page.path === current ? html` aria-current="page"` : ''}>${page.label}</a>
      </li>`,
  );
  return html`<header class="top">
    <span class="brand">mwl-bridge</span>
    <nav aria-label="Main">
      <ul>
        ${links}
      </ul>
    </nav>
    <div class="who">
      <span>Signed in as <strong>${principal.name}</strong> (${principal.role})</span>
      <button type="button" class="secondary" data-sign-out>Sign out</button>
    </div>
  </header>`;
}

/** A whole page: the document, the navigation for a signed-in user, and the page's body. */
export function page(shell: PageShell): string {
  const document = html`<html lang="en">
    ${head(shell.title, shell.principal?.csrfToken)}
    <body>
      <a class="skip" href="#main">Skip to content</a>
      ${shell.principal ? navigation(shell.current, shell.principal) : html`<header class="top"><span class="brand">mwl-bridge</span></header>`}
      <main id="main" tabindex="-1">
        <h1>${shell.title}</h1>
        ${shell.body}
      </main>
    </body>
  </html>`;
  return `<!doctype html>${document.text}`;
}

/** A polite status line that scripts fill (sync requested, sign-in failed). */
export function statusRegion(id: string): Html {
  return html`<p id="${id}" class="status" role="status" aria-live="polite"></p>`;
}

/** When a live page was read, and how often it reads itself again. */
export function refreshNote(refreshedAt: Date, timezone: string, seconds: number): string {
  const every = seconds === 1 ? 'second' : `${seconds} seconds`;
  return `Updated ${localDateTime(refreshedAt, timezone).slice(11)} (${timezone}); this page refreshes every ${every}.`;
}

/** A table's header row of plain column labels (`scope="col"` for screen readers). */
export function columnHeads(...labels: string[]): Html {
  return html`<thead>
    <tr>
      ${labels.map((label) => html`<th scope="col">${label}</th>`)}
    </tr>
  </thead>`;
}
