import type { LinkedMppsView, MppsView, WorklistItem } from '@mwl/db';
import { addDays, clockTime, localDateTime, personName, statusClass, statusLabel } from '../format.ts';
import { html, type Html } from '../html.ts';
import { columnHeads, refreshNote } from '../layout.ts';

export interface TodayData {
  /** The day shown, YYYY-MM-DD (local to the site). */
  day: string;
  /** The site's today, YYYY-MM-DD. */
  today: string;
  timezone: string;
  items: readonly WorklistItem[];
  /** Items beyond the page's limit (shown as a hint). */
  total: number;
  mpps: readonly LinkedMppsView[];
  unlinked: readonly MppsView[];
  refreshedAt: Date;
  refreshSeconds: number;
}

/** The statuses counted per station, in the order a scan goes through them. */
const COUNTED = ['SCHEDULED', 'STARTED', 'COMPLETED', 'DISCONTINUED'] as const;

const badge = (status: string) =>
  html`<span class="badge ${statusClass(status)}">${statusLabel(status)}</span>`;

function mppsCell(runs: readonly LinkedMppsView[], timezone: string): Html {
  if (runs.length === 0) return html`<span class="empty">not started</span>`;
  return html`${runs.map((run) => {
    const time = (at: Date) => localDateTime(at, timezone).slice(11);
    const when = run.endedAt
      ? `ended ${time(run.endedAt)}`
      : run.startedAt
        ? `since ${time(run.startedAt)}`
        : '';
    return html`<div>${badge(run.status)} ${when}</div>`;
  })}`;
}

function stationCard(
  station: string,
  index: number,
  items: readonly WorklistItem[],
  data: TodayData,
  byItem: Map<string, LinkedMppsView[]>,
): Html {
  const name = items.find((i) => i.scheduledStationName)?.scheduledStationName;
  const count = (status: string) => items.filter((i) => i.status === status).length;
  const headingId = `station-${index}`;
  const rows = items.map(
    (item) =>
      html`<tr>
        <td class="mono">${clockTime(item.spsStartTime)}</td>
        <td>${personName(item.patientName)}</td>
        <td class="mono">${item.patientId}</td>
        <td>${item.spsDescription ?? item.requestedProcedureDescription ?? ''}</td>
        <td>${item.modality}</td>
        <td>${badge(item.status)}</td>
        <td>${mppsCell(byItem.get(item.id.toString()) ?? [], data.timezone)}</td>
        <td class="mono">${item.source} ${item.sourceKey}</td>
      </tr>`,
  );
  return html`<section class="card" aria-labelledby="${headingId}">
    <div class="card-head">
      <h2 id="${headingId}">${station}${name ? html` <span class="station-name">${name}</span>` : ''}</h2>
      <ul class="counts" aria-label="Counts at ${station}">
        ${COUNTED.map((s) => html`<li>${badge(s)} ${count(s)}</li>`)}
      </ul>
    </div>
    <table>
      <caption class="sr-only">
        Scheduled at ${station} on ${data.day}
      </caption>
      ${columnHeads('Time', 'Participant', 'Participant ID', 'Protocol', 'Modality', 'Status', 'Scanner progress (MPPS)', 'Source record')}
      <tbody>
        ${rows}
      </tbody>
    </table>
  </section>`;
}

function unlinkedCard(runs: readonly MppsView[], timezone: string): Html {
  if (runs.length === 0) return html``;
  return html`<section class="card" aria-labelledby="unscheduled">
    <h2 id="unscheduled">Scans without a worklist item</h2>
    <p class="hint">
      The scanner reported these procedures, but none matched an item of the worklist (scanned without
      selecting it from the worklist).
    </p>
    <table>
      ${columnHeads('Scanner', 'Status', 'Started', 'Ended')}
      <tbody>
        ${runs.map(
          (run) =>
            html`<tr>
              <td>${run.performedStationAeTitle ?? run.callingAeTitle ?? ''}</td>
              <td>${badge(run.status)}</td>
              <td>${localDateTime(run.startedAt, timezone)}</td>
              <td>${run.endedAt ? localDateTime(run.endedAt, timezone) : ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

export function todayPage(data: TodayData): Html {
  const byStation = new Map<string, WorklistItem[]>();
  for (const item of data.items) {
    const list = byStation.get(item.scheduledStationAeTitle) ?? [];
    list.push(item);
    byStation.set(item.scheduledStationAeTitle, list);
  }
  const byItem = new Map<string, LinkedMppsView[]>();
  for (const run of data.mpps) {
    const key = run.worklistItemId.toString();
    byItem.set(key, [...(byItem.get(key) ?? []), run]);
  }
  const stations = [...byStation.keys()].sort();
  return html`<form class="inline" method="get" action="/today">
      <div>
        <label for="day">Day</label><input type="date" id="day" name="date" value="${data.day}" required />
      </div>
      <button type="submit">Show day</button>
      <div class="nav-days">
        <a href="/today?date=${addDays(data.day, -1)}">Previous day</a>
        ${data.day === data.today ? '' : html`<a href="/today">Today</a>`}
        <a href="/today?date=${addDays(data.day, 1)}">Next day</a>
      </div>
    </form>
    <div data-live data-refresh-seconds="${data.refreshSeconds}">
      <p class="hint">
        ${data.items.length} scans on ${data.day}${data.day === data.today ? ' (today)' : ''}.
        ${refreshNote(data.refreshedAt, data.timezone, data.refreshSeconds)}
      </p>
      ${data.total > data.items.length ? html`<p class="error">Only the first ${data.items.length} of ${data.total} scans are shown: use Worklist search.</p>` : ''}
      ${stations.length === 0 ? html`<p class="empty card">Nothing is scheduled on this day.</p>` : stations.map((s, i) => stationCard(s, i, byStation.get(s)!, data, byItem))}
      ${unlinkedCard(data.unlinked, data.timezone)}
    </div>`;
}
