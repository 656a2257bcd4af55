import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { detailView, listView, operatorView, type FakeBooking } from './model.ts';
import { matchesQuery, parseQuery, QueryError } from './query.ts';
import {
  classify,
  KINDS,
  perKind,
  type FakeCalpendoFault,
  type FakeCalpendoRequest,
  type FakeCalpendoRequestKind,
  type FakeCalpendoStats,
} from './requests.ts';
import { sendOversizedJson } from '../oversized-body.ts';

export interface StartFakeCalpendoOptions {
  bookings?: readonly FakeBooking[];
  /** Default `mwl-bridge` / a fixed test password. */
  username?: string;
  password?: string;
}

export interface FakeCalpendo {
  /** `http://127.0.0.1:<port>` (the `base_url`). */
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly stats: FakeCalpendoStats;
  readonly requests: FakeCalpendoRequest[];
  bookings(): FakeBooking[];
  booking(id: number): FakeBooking | undefined;
  addBooking(booking: FakeBooking): void;
  /** Changes fields of a booking (re-time with `start`/`end`, re-title with `title`, …). */
  updateBooking(id: number, patch: Partial<Omit<FakeBooking, 'id'>>): void;
  /** Sets the status to Cancelled (or the given one). */
  cancelBooking(id: number, status?: string): void;
  removeBooking(id: number): void;
  injectFault(fault: FakeCalpendoFault): void;
  clearFaults(): void;
  /** Delay before every answer (of one kind, when given). */
  setLatency(ms: number, kind?: FakeCalpendoRequestKind): void;
  resetStats(): void;
  close(): Promise<void>;
}

/** Starts a fake Calpendo (real HTTP on 127.0.0.1, port 0). */
export async function startFakeCalpendo(options: StartFakeCalpendoOptions = {}): Promise<FakeCalpendo> {
  const username = options.username ?? 'mwl-bridge';
  const password = options.password ?? 'fake-calpendo-password';
  const expectedAuth = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
  const store = new Map<number, FakeBooking>();
  for (const booking of options.bookings ?? []) store.set(booking.id, structuredClone(booking));
  const stats: FakeCalpendoStats = {
    total: 0,
    byKind: perKind(),
    unauthorized: 0,
    concurrent: 0,
    concurrentMax: 0,
    concurrentMaxByKind: perKind(),
    connections: 0,
  };
  const concurrentByKind = perKind();
  const requests: FakeCalpendoRequest[] = [];
  const faults: (FakeCalpendoFault & { remaining: number })[] = [];
  const latency = new Map<FakeCalpendoRequestKind | 'all', number>();
  const sockets = new Set<Socket>();

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const html = typeof body === 'string';
    res.writeHead(status, {
      'content-type': html ? 'text/html; charset=utf-8' : 'application/json',
      ...headers,
    });
    res.end(html ? body : JSON.stringify(body));
  };

  const takeFault = (kind: FakeCalpendoRequestKind, bookingId: number | undefined) => {
    const fault = faults.find(
      (f) =>
        f.remaining > 0 &&
        (f.request === undefined || f.request === kind) &&
        (f.bookingId === undefined || f.bookingId === bookingId),
    );
    if (!fault) return undefined;
    fault.remaining--;
    return fault.kind;
  };

  const sorted = () => [...store.values()].sort((a, b) => a.start.localeCompare(b.start) || a.id - b.id);

  const answer = (
    segments: string[],
    kind: FakeCalpendoRequestKind,
    bookingId: number | undefined,
    res: ServerResponse,
  ) => {
    try {
      if (kind === 'list') {
        const query = parseQuery(segments.slice(3));
        return send(res, 200, {
          biskits: sorted()
            .filter((b) => matchesQuery(b, query))
            .map(listView),
        });
      }
      if (kind === 'detail') {
        const booking = bookingId !== undefined ? store.get(bookingId) : undefined;
        return booking
          ? send(res, 200, detailView(booking))
          : send(res, 404, '<html><body>Not found</body></html>');
      }
      if (kind === 'operator') {
        const query = parseQuery(segments.slice(3));
        const scans = sorted().filter((b) => b.biskitType === 'MRIScan' && matchesQuery(b, query));
        return send(res, 200, { biskits: scans.map(operatorView) });
      }
      return send(res, 404, '<html><body>Not found</body></html>');
    } catch (error) {
      if (error instanceof QueryError)
        return send(res, 400, `<html><body>Bad query: ${error.message}</body></html>`);
      throw error;
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const segments = url.pathname
      .split('/')
      .filter((s) => s !== '')
      .map(decodeURIComponent);
    const { kind, bookingId } = classify(segments);
    const authorized = req.headers.authorization === expectedAuth;
    stats.total++;
    stats.byKind[kind]++;
    stats.concurrent++;
    concurrentByKind[kind]++;
    stats.concurrentMax = Math.max(stats.concurrentMax, stats.concurrent);
    stats.concurrentMaxByKind[kind] = Math.max(stats.concurrentMaxByKind[kind], concurrentByKind[kind]);
    res.on('close', () => {
      stats.concurrent--;
      concurrentByKind[kind]--;
    });
    requests.push({
      kind,
      path: url.pathname,
      ...(bookingId !== undefined ? { bookingId } : {}),
      authorized,
    });
    const delay = latency.get(kind) ?? latency.get('all') ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const fault = takeFault(kind, bookingId);
    if (fault === 'timeout') return;
    if (fault === 'reset') return req.socket.destroy();
    if (fault === 'http500' || fault === 'http503') {
      return send(res, fault === 'http500' ? 500 : 503, '<html><body>Server error</body></html>');
    }
    if (fault === 'http404') return send(res, 404, '<html><body>Not found</body></html>');
    if (fault === 'oversized') {
      return sendOversizedJson(res, {
        rowBytes: 1024,
        prefix: '{"biskits":',
        suffix: '}',
        onEnd: (bytes) => (stats.oversizedBytesSent = bytes),
      });
    }
    if (fault === 'invalid-json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{"biskits":[{"id":1,"tit');
    }
    if (fault === 'http401' || !authorized) {
      stats.unauthorized++;
      return send(res, 401, '<html><body>Unauthorized</body></html>', {
        'www-authenticate': 'Basic realm="Calpendo"',
      });
    }
    if (req.method !== 'GET') return send(res, 405, '<html><body>Method not allowed</body></html>');
    answer(segments, kind, bookingId, res);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        send(res, 500, `<html><body>fake Calpendo failure: ${(error as Error).message}</body></html>`);
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (socket) => {
    stats.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const existing = (id: number) => {
    const booking = store.get(id);
    if (!booking) throw new Error(`fake Calpendo has no booking ${id}`);
    return booking;
  };
  const stamp = () => new Date().toISOString().slice(0, 16) + 'Z';

  return {
    url: `http://127.0.0.1:${port}`,
    username,
    password,
    stats,
    requests,
    bookings: () => sorted().map((b) => structuredClone(b)),
    booking: (id) => (store.has(id) ? structuredClone(store.get(id)) : undefined),
    addBooking(booking) {
      if (store.has(booking.id)) throw new Error(`fake Calpendo already has booking ${booking.id}`);
      store.set(booking.id, structuredClone(booking));
    },
    updateBooking(id, patch) {
      store.set(id, { ...existing(id), ...structuredClone(patch), modified: patch.modified ?? stamp() });
    },
    cancelBooking(id, status = 'Cancelled') {
      store.set(id, { ...existing(id), status, modified: stamp() });
    },
    removeBooking(id) {
      existing(id);
      store.delete(id);
    },
    injectFault(fault) {
      faults.push({ ...fault, remaining: fault.count ?? 1 });
    },
    clearFaults: () => void faults.splice(0),
    setLatency(ms, kind) {
      latency.set(kind ?? 'all', ms);
    },
    resetStats() {
      Object.assign(stats, { total: 0, unauthorized: 0, concurrentMax: stats.concurrent, connections: 0 });
      for (const kind of KINDS) {
        stats.byKind[kind] = 0;
        stats.concurrentMaxByKind[kind] = concurrentByKind[kind];
      }
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
