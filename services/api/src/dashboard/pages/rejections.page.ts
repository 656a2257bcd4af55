import type { Rejection } from '@mwl/db';
import { fieldPathsOf } from '../../routes/sources.routes.ts';
import { localDateTime } from '../format.ts';
import { html, type Html } from '../html.ts';
import { columnHeads } from '../layout.ts';
import { fieldLabel, rejectionHelp, sourceKindOf } from '../rejection-help.ts';

export interface RejectionsData {
  rejections: readonly Rejection[];
  total: number;
  /** Source name → configured type (`redcap`, `calpendo`, `file`). */
  sourceTypes: ReadonlyMap<string, string>;
  timezone: string;
}

function fieldsOf(rejection: Rejection): Html {
  const paths = fieldPathsOf(rejection.message);
  if (paths.length === 0) return html`<span class="empty">see details</span>`;
  return html`${paths.map((p, i) => html`${i > 0 ? ', ' : ''}${fieldLabel(p)} <span class="mono hint">(${p})</span>`)}`;
}

function reasonCard(code: string, rows: readonly Rejection[], index: number, data: RejectionsData): Html {
  const kinds = [...new Set(rows.map((r) => sourceKindOf(data.sourceTypes.get(r.source))))];
  const id = `reason-${index}`;
  const title = rejectionHelp(code, kinds[0] ?? 'other').title;
  return html`<section class="card" aria-labelledby="${id}">
    <div class="card-head">
      <h2 id="${id}">${title}</h2>
      <span class="badge s-failed">${rows.length} ${rows.length === 1 ? 'record' : 'records'}</span
      ><span class="mono hint">${code}</span>
    </div>
    ${kinds.map((kind) => html`<p class="fix"><strong>How to fix${kinds.length > 1 ? ` (${kind})` : ''}:</strong> ${rejectionHelp(code, kind).fix}</p>`)}
    <table>
      <caption class="sr-only">
        Records not on the worklist because: ${title.toLowerCase()}
      </caption>
      ${columnHeads('Source', 'Record key', 'Where in the source', 'Field', 'Details', 'Last seen')}
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr>
              <td>${r.source}</td>
              <td class="mono">${r.sourceKey}</td>
              <td class="mono">${r.rawRef ?? ''}</td>
              <td>${fieldsOf(r)}</td>
              <td>${r.message}</td>
              <td>${localDateTime(r.lastSeenAt, data.timezone)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

export function rejectionsPage(data: RejectionsData): Html {
  const groups = new Map<string, Rejection[]>();
  for (const rejection of data.rejections) {
    groups.set(rejection.reasonCode, [...(groups.get(rejection.reasonCode) ?? []), rejection]);
  }
  const ordered = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  return html`<p class="hint">
      Records a source sent that are not on the worklist, grouped by reason. Fix the record in its source; the
      next sync picks it up and it leaves this list.
    </p>
    ${data.total > data.rejections.length ? html`<p class="error">Showing the ${data.rejections.length} most recent of ${data.total} rejections.</p>` : ''}
    ${ordered.length === 0 ? html`<p class="empty card">No rejected records: every record the sources sent is on the worklist.</p>` : ordered.map(([code, rows], i) => reasonCard(code, rows, i, data))}`;
}
