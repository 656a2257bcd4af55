import type { sourceView, syncRunView } from '../../routes/sources.routes.ts';
import { describeFailure } from '../failure-help.ts';
import { localDateTime, statusClass, statusLabel } from '../format.ts';
import { html, type Html } from '../html.ts';
import { refreshNote, statusRegion } from '../layout.ts';

type SourceView = ReturnType<typeof sourceView>;
type RunView = ReturnType<typeof syncRunView>;

export interface SourcesData {
  sources: readonly { view: SourceView; lastFailure: RunView | undefined }[];
  /** The user may press "Sync now" (role write or admin). */
  canSync: boolean;
  timezone: string;
  refreshedAt: Date;
  refreshSeconds: number;
}

const COUNTS = ['fetched', 'inserted', 'updated', 'unchanged', 'cancelled', 'rejected'] as const;
const badge = (status: string) =>
  html`<span class="badge ${statusClass(status)}">${statusLabel(status)}</span>`;

function failureText(run: RunView, timezone: string): Html {
  const failure = describeFailure(run.error ?? '');
  return html`${localDateTime(run.startedAt, timezone)}: ${failure.words}
  ${failure.code ? html`<br /><span class="hint">${failure.code}${failure.detail ? ` — ${failure.detail}` : ''}</span>` : html`<br /><span class="hint">${failure.detail}</span>`}`;
}

function runNote(run: RunView): string {
  if (run.error) return describeFailure(run.error).words;
  if (run.warning) return run.warning;
  return run.complete ? 'complete snapshot' : '';
}

function runsTable(source: SourceView, timezone: string): Html {
  if (source.lastRuns.length === 0) return html`<p class="empty">No sync has run yet.</p>`;
  return html`<table>
    <caption>
      Recent sync runs of ${source.name}
    </caption>
    <thead>
      <tr>
        <th scope="col">Started</th>
        <th scope="col">Kind</th>
        <th scope="col">Outcome</th>
        ${COUNTS.map((c) => html`<th scope="col" class="num">${statusLabel(c)}</th>`)}
        <th scope="col">Note</th>
      </tr>
    </thead>
    <tbody>
      ${source.lastRuns.map(
        (run) =>
          html`<tr>
            <td>${localDateTime(run.startedAt, timezone)}</td>
            <td>${run.kind}</td>
            <td>${badge(run.outcome)}</td>
            ${COUNTS.map((c) => html`<td class="num">${run.counts[c]}</td>`)}
            <td>${runNote(run)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function sourceCard(entry: SourcesData['sources'][number], index: number, data: SourcesData): Html {
  const { view, lastFailure } = entry;
  const id = `source-${index}`;
  return html`<section class="card" aria-labelledby="${id}">
    <div class="card-head">
      <h2 id="${id}">${view.name}</h2>
      <span class="hint">${view.type}</span>${badge(view.state)}
      ${data.canSync && view.enabled ? html`<button type="button" data-sync="${view.name}">Sync ${view.name} now</button>` : ''}
    </div>
    <dl class="facts">
      <dt>Last success</dt>
      <dd>${localDateTime(view.lastSuccessAt, data.timezone)}</dd>
      <dt>Last failure</dt>
      <dd>${lastFailure ? failureText(lastFailure, data.timezone) : 'none recorded'}</dd>
      <dt>Next run</dt>
      <dd>
        ${view.enabled ? (view.nextRunAt ? `about ${localDateTime(view.nextRunAt, data.timezone)}` : 'at the next tick') : 'disabled in the config file'}
      </dd>
      <dt>Sync interval</dt>
      <dd>${Math.round(view.syncIntervalSeconds / 60)} minutes</dd>
      <dt>Cursor</dt>
      <dd>
        ${view.cursor ? html`read up to ${localDateTime(view.cursor.windowEnd, data.timezone)}; last full snapshot ${localDateTime(view.cursor.lastFullSnapshotAt, data.timezone)}` : 'none yet (the first sync reads everything in its window)'}
      </dd>
    </dl>
    ${runsTable(view, data.timezone)}
  </section>`;
}

export function sourcesPage(data: SourcesData): Html {
  return html`${data.canSync ? html`<p class="hint">"Sync now" asks the fetcher to read the source at once instead of waiting for its next run.</p>` : html`<p class="hint">Only users with the write role can start a sync.</p>`}
    ${statusRegion('sync-status')}
    <div data-live data-refresh-seconds="${data.refreshSeconds}">
      <p class="hint">${refreshNote(data.refreshedAt, data.timezone, data.refreshSeconds)}</p>
      ${data.sources.length === 0 ? html`<p class="empty card">No source is configured.</p>` : data.sources.map((s, i) => sourceCard(s, i, data))}
    </div>`;
}
