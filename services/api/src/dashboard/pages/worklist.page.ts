import type { WorklistItem } from '@mwl/db';
import { clockTime, isoDay, personName, statusClass, statusLabel } from '../format.ts';
import { html, type Html } from '../html.ts';
import { columnHeads } from '../layout.ts';

/** What the search form sends (POST body: search text never goes into a URL). */
export interface WorklistSearch {
  q?: string;
  from?: string;
  to?: string;
  station?: string;
  status?: string;
}

export interface WorklistData {
  search: WorklistSearch;
  csrfToken: string;
  /** Absent before the first search. */
  results?: { items: readonly WorklistItem[]; total: number };
}

const STATUS_CHOICES = [
  ['', 'Any active status'],
  ['SCHEDULED', 'Scheduled'],
  ['STARTED', 'Started'],
  ['COMPLETED', 'Completed'],
  ['DISCONTINUED', 'Discontinued'],
  ['CANCELED', 'Cancelled'],
] as const;

function field(
  id: keyof WorklistSearch,
  label: string,
  value: string | undefined,
  type = 'text',
  hint = '',
): Html {
  return html`<div>
    <label for="${id}">${label}</label>
    <input
      id="${id}"
      name="${id}"
      type="${type}"
      value="${value ?? ''}"
      ${type === 'text' ? html` maxlength="64"` : ''}${hint ? html` aria-describedby="${id}-hint"` : ''}
    />
    ${hint ? html`<div id="${id}-hint" class="hint">${hint}</div>` : ''}
  </div>`;
}

function form(data: WorklistData): Html {
  const s = data.search;
  return html`<form class="inline search card" method="post" action="/worklist">
    <input type="hidden" name="csrf" value="${data.csrfToken}" />
    ${field('q', 'Name, ID, accession or record key', s.q, 'text', 'Part of the text is enough; case does not matter.')}
    ${field('from', 'From', s.from, 'date')} ${field('to', 'To', s.to, 'date')}
    ${field('station', 'Scanner (AE title)', s.station)}
    <div>
      <label for="status">Status</label
      ><select id="status" name="status">
        ${STATUS_CHOICES.map(([value, label]) => html`<option value="${value}" ${s.status === value ? html` selected` : ''}>${label}</option>`)}
      </select>
    </div>
    <div class="actions">
      <button type="submit">Search</button>
      <button type="submit" formaction="/worklist/export">Export CSV</button>
    </div>
  </form>`;
}

function results(items: readonly WorklistItem[], total: number): Html {
  if (items.length === 0) return html`<p class="empty card" role="status">No worklist item matches.</p>`;
  return html`<section class="card" aria-labelledby="results">
    <h2 id="results">
      ${total} ${total === 1 ? 'item' : 'items'}
      found${total > items.length ? ` (first ${items.length} shown; the CSV export has them all)` : ''}
    </h2>
    <table>
      ${columnHeads('Day', 'Time', 'Participant', 'Participant ID', 'Protocol', 'Scanner', 'Status', 'Accession', 'Source record')}
      <tbody>
        ${items.map(
          (item) =>
            html`<tr>
              <td>${isoDay(item.spsStartDate)}</td>
              <td class="mono">${clockTime(item.spsStartTime)}</td>
              <td>${personName(item.patientName)}</td>
              <td class="mono">${item.patientId}</td>
              <td>${item.spsDescription ?? item.requestedProcedureDescription ?? ''}</td>
              <td>${item.scheduledStationAeTitle}</td>
              <td><span class="badge ${statusClass(item.status)}">${statusLabel(item.status)}</span></td>
              <td class="mono">${item.accessionNumber}</td>
              <td class="mono">${item.source} ${item.sourceKey}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

export function worklistPage(data: WorklistData): Html {
  return html`<p class="hint">
      Search every day of the worklist. The export downloads what the search finds as a CSV file
      (spreadsheet).
    </p>
    ${form(data)} ${data.results ? results(data.results.items, data.results.total) : ''}`;
}
