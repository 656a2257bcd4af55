import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createDataEntryTrigger, type DetOutcome } from './data-entry-trigger.ts';
import { formList, formText, parseForm, type FormFields } from './form.ts';
import {
  ExportError,
  FakeProject,
  type FakeRedcapFixture,
  type FlatRow,
  type RowIdentity,
} from './project.ts';
import { OVERSIZED_BODY_BYTES, sendOversizedJson } from '../oversized-body.ts';

/** A fault the next matching requests get instead of a normal answer. */
export type FakeRedcapFaultKind =
  /** HTTP 500 with an HTML body. */
  | 'http500'
  /** HTTP 503 with an HTML body. */
  | 'http503'
  /** Never answers (the socket stays open until the client gives up or the fake closes). */
  | 'timeout'
  /** HTTP 200 with a truncated JSON body. */
  | 'invalid-json'
  /** HTTP 403 `{"error":"You do not have permissions to use the API"}`. */
  | 'http403'
  /** Closes the socket without an answer. */
  | 'reset'
  /** HTTP 200, a JSON array of 256 MiB in rows of 1 KiB, sent as fast as the client reads. */
  | 'oversized'
  /** HTTP 200, a JSON array of one row of 256 MiB. */
  | 'oversized-row';

export interface FakeRedcapStats {
  /** Requests received (faulted ones included). */
  total: number;
  /** Bytes of the last oversized answer sent before the client hung up (or all of them). */
  oversizedBytesSent?: number;
  /** Per `content` parameter. */
  byContent: Record<string, number>;
  /** Requests being answered right now. */
  concurrent: number;
  /** The most requests ever answered at the same time. */
  concurrentMax: number;
}

/** A request as the fake parsed it (the token is replaced by `ok` or `bad`). */
export type RecordedRequest = Record<string, string | string[]>;

export interface StartFakeRedcapOptions {
  fixture: FakeRedcapFixture;
  /** The valid API token; default a random 32-character hex token. */
  token?: string;
  /** The server's clock, local `YYYY-MM-DD HH:MM:SS`; default `2026-03-01 08:00:00`. */
  now?: string;
  /** The server's timezone, used to turn `Date`s given to `setNow` into local time. Default UTC. */
  timezone?: string;
  /** The project's Data Entry Trigger URL: every `upsertRecord`/`updateRow` then posts to it. */
  dataEntryTriggerUrl?: string;
}

export interface FakeRedcap {
  /** `http://127.0.0.1:<port>/api/` */
  readonly url: string;
  readonly token: string;
  readonly project: FakeProject;
  readonly stats: FakeRedcapStats;
  readonly requests: RecordedRequest[];
  /** The server clock (local time); records changed from now on are stamped with it. */
  now(): string;
  setNow(now: string | Date): void;
  /** Moves the clock forward. */
  advance(seconds: number): void;
  upsertRecord(recordId: string, rows: readonly FlatRow[]): void;
  updateRow(recordId: string, where: RowIdentity, values: FlatRow): void;
  deleteRecord(recordId: string): void;
  /** Sets (or, with null, turns off) the Data Entry Trigger URL. */
  setDataEntryTrigger(url: string | null): void;
  /** Every Data Entry Trigger post so far, settled (status 0: the post failed). */
  dataEntryTriggers(): Promise<DetOutcome[]>;
  /** Removes one repeat instance; `touch` also stamps the record as modified (default false). */
  removeRepeatInstance(
    recordId: string,
    instrument: string,
    instance: number | string,
    options?: { event?: string; touch?: boolean },
  ): void;
  /** The next `count` requests (of `content`, when given) get `kind` instead of an answer. */
  injectFault(kind: FakeRedcapFaultKind, count?: number, options?: { content?: string }): void;
  clearFaults(): void;
  /** Delay before every answer. */
  setLatency(ms: number): void;
  resetStats(): void;
  close(): Promise<void>;
}

const NO_PERMISSION = { error: 'You do not have permissions to use the API' };

/** `YYYY-MM-DD HH:MM:SS` in `timezone`: how REDCap (and this fake) writes times, e.g. in `dateRangeBegin`. */
export function localTime(date: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(date);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

function addSeconds(local: string, seconds: number): string {
  const instant = new Date(`${local.replace(' ', 'T')}Z`);
  return localTime(new Date(instant.getTime() + seconds * 1000), 'UTC');
}

/** Starts a fake REDCap API (real HTTP on 127.0.0.1, port 0) serving `fixture`. */
export async function startFakeRedcap(options: StartFakeRedcapOptions): Promise<FakeRedcap> {
  const token = options.token ?? randomBytes(16).toString('hex').toUpperCase();
  const timezone = options.timezone ?? 'UTC';
  const project = new FakeProject(options.fixture);
  const stats: FakeRedcapStats = { total: 0, byContent: {}, concurrent: 0, concurrentMax: 0 };
  const requests: RecordedRequest[] = [];
  const faults: { kind: FakeRedcapFaultKind; remaining: number; content?: string }[] = [];
  const sockets = new Set<Socket>();
  let now = options.now ?? '2026-03-01 08:00:00';
  let latencyMs = 0;

  const takeFault = (content: string | undefined) => {
    const fault = faults.find((f) => f.remaining > 0 && (f.content === undefined || f.content === content));
    if (!fault) return undefined;
    fault.remaining--;
    return fault.kind;
  };

  const send = (res: ServerResponse, status: number, body: unknown, type = 'application/json') => {
    const text = typeof body === 'string' && type !== 'application/json' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': `${type}; charset=utf-8` });
    res.end(text);
  };

  const answer = (fields: FormFields, res: ServerResponse) => {
    if (formText(fields, 'token') !== token) return send(res, 403, NO_PERMISSION);
    const content = formText(fields, 'content');
    const format = formText(fields, 'format') ?? 'xml';
    if (content !== 'version' && format !== 'json') {
      return send(res, 400, { error: 'The fake REDCap answers only format=json' });
    }
    switch (content) {
      case 'version':
        return send(res, 200, '14.5.0', 'text/plain');
      case 'project':
        return send(res, 200, project.fixture.project);
      case 'metadata':
        return send(res, 200, project.metadata(formList(fields, 'fields'), formList(fields, 'forms')));
      case 'event':
        return project.longitudinal
          ? send(res, 200, project.fixture.events ?? [])
          : send(res, 400, { error: 'You cannot export events for classic projects' });
      case 'formEventMapping':
        return send(res, 200, project.fixture.formEventMapping ?? []);
      case 'repeatingFormsEvents':
        return send(res, 200, project.fixture.repeatingFormsEvents ?? []);
      case 'record':
        return exportRecords(fields, res);
      default:
        return send(res, 400, { error: 'The value of the parameter "content" is not valid' });
    }
  };

  const exportRecords = (fields: FormFields, res: ServerResponse) => {
    const action = formText(fields, 'action') ?? 'export';
    const type = formText(fields, 'type') ?? 'flat';
    if (action !== 'export' || type !== 'flat') {
      return send(res, 400, { error: 'The fake REDCap exports records only (action=export, type=flat)' });
    }
    try {
      const rows = project.exportRecords({
        fields: formList(fields, 'fields'),
        forms: formList(fields, 'forms'),
        events: formList(fields, 'events'),
        records: formList(fields, 'records'),
        rawOrLabel: formText(fields, 'rawOrLabel'),
        filterLogic: formText(fields, 'filterLogic') || undefined,
        dateRangeBegin: formText(fields, 'dateRangeBegin') || undefined,
        dateRangeEnd: formText(fields, 'dateRangeEnd') || undefined,
      });
      return send(res, 200, rows);
    } catch (error) {
      if (error instanceof ExportError) return send(res, 400, { error: error.message });
      throw error;
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    stats.total++;
    stats.concurrent++;
    stats.concurrentMax = Math.max(stats.concurrentMax, stats.concurrent);
    res.on('close', () => stats.concurrent--);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const fields = parseForm(Buffer.concat(chunks).toString('utf8'));
    const content = formText(fields, 'content') ?? '';
    stats.byContent[content] = (stats.byContent[content] ?? 0) + 1;
    const recorded: RecordedRequest = Object.fromEntries(fields);
    if ('token' in recorded) recorded.token = recorded.token === token ? 'ok' : 'bad';
    requests.push(recorded);
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const fault = takeFault(content);
    if (fault === 'timeout') return; // hold the socket
    if (fault === 'reset') return req.socket.destroy();
    if (fault === 'http500' || fault === 'http503') {
      return send(
        res,
        fault === 'http500' ? 500 : 503,
        '<html><body>Server error</body></html>',
        'text/html',
      );
    }
    if (fault === 'invalid-json') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return res.end('[{"record_id":"1","first_na');
    }
    if (fault === 'http403') return send(res, 403, NO_PERMISSION);
    if (fault === 'oversized' || fault === 'oversized-row') {
      return sendOversizedJson(res, {
        rowBytes: fault === 'oversized' ? 1024 : OVERSIZED_BODY_BYTES,
        onEnd: (bytes) => (stats.oversizedBytesSent = bytes),
      });
    }
    if (req.method !== 'POST') return send(res, 405, { error: 'The API accepts POST requests only' });
    answer(fields, res);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: `fake REDCap failure: ${(error as Error).message}` });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const trigger = createDataEntryTrigger({
    projectId: String(options.fixture.project['project_id'] ?? '1'),
    redcapUrl: `http://127.0.0.1:${port}/`,
    firstForm: options.fixture.metadata[0]?.form_name ?? 'form_1',
    longitudinal: (options.fixture.events?.length ?? 0) > 0,
  });
  trigger.setUrl(options.dataEntryTriggerUrl ?? null);

  return {
    url: `http://127.0.0.1:${port}/api/`,
    token,
    project,
    stats,
    requests,
    now: () => now,
    setNow(value) {
      now = typeof value === 'string' ? value : localTime(value, timezone);
    },
    advance(seconds) {
      now = addSeconds(now, seconds);
    },
    upsertRecord(recordId, rows) {
      project.upsertRecord(recordId, rows, now);
      trigger.fire(recordId, rows);
    },
    updateRow(recordId, where, values) {
      project.updateRow(recordId, where, values, now);
      const row: Record<string, string> = {};
      if (where.event !== undefined) row['redcap_event_name'] = where.event;
      if (where.instrument !== undefined) row['redcap_repeat_instrument'] = where.instrument;
      if (where.instance !== undefined) row['redcap_repeat_instance'] = String(where.instance);
      trigger.fire(recordId, [row]);
    },
    setDataEntryTrigger: (url) => trigger.setUrl(url),
    dataEntryTriggers: () => trigger.settled(),
    deleteRecord: (recordId) => void project.deleteRecord(recordId),
    removeRepeatInstance(recordId, instrument, instance, removeOptions = {}) {
      const where = { event: removeOptions.event, instrument, instance };
      project.removeRow(recordId, where, removeOptions.touch ? now : undefined);
    },
    injectFault(kind, count = 1, faultOptions = {}) {
      faults.push({ kind, remaining: count, content: faultOptions.content });
    },
    clearFaults: () => void faults.splice(0),
    setLatency(ms) {
      latencyMs = ms;
    },
    resetStats() {
      Object.assign(stats, {
        total: 0,
        byContent: {},
        concurrent: stats.concurrent,
        concurrentMax: stats.concurrent,
      });
      requests.splice(0);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
