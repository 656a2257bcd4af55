import net from 'node:net';
import { setImmediate as nextTick } from 'node:timers/promises';
import { createRng, fuzzSession } from './pdu-fuzzer.ts';

export interface FuzzTarget {
  host: string;
  port: number;
  calledAeTitle: string;
  /** Source address of the fuzzing connections (keeps them apart from well-behaved clients). */
  localAddress?: string;
}

export interface FuzzRun {
  sessions: number;
  pdus: number;
  bytes: number;
  /** Sessions the server closed before every chunk was written. */
  closedEarly: number;
}

/** Writes one session and lets the server answer for a moment; resolves when the socket is gone. */
async function playSession(
  target: FuzzTarget,
  chunks: readonly Buffer[],
  lingerMs: number,
): Promise<boolean> {
  const socket = net.connect({
    host: target.host,
    port: target.port,
    ...(target.localAddress !== undefined && { localAddress: target.localAddress }),
  });
  socket.on('error', () => undefined);
  socket.on('data', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve) => {
    socket.once('connect', () => resolve());
    socket.once('close', () => resolve());
  });
  let early = false;
  for (const [i, chunk] of chunks.entries()) {
    if (socket.destroyed || socket.writableEnded) {
      early = true;
      break;
    }
    socket.write(chunk);
    if (i % 8 === 7) await nextTick();
  }
  const timer = setTimeout(() => socket.destroy(), lingerMs);
  socket.end();
  await closed;
  clearTimeout(timer);
  return early;
}

/**
 * Plays seeded fuzz sessions against a server, `concurrency` connections at a time, until at least
 * `pdus` PDUs were sent. Deterministic in what it sends (not in how the server's answers interleave).
 */
export async function runFuzz(
  target: FuzzTarget,
  options: {
    seed: number;
    pdus: number;
    concurrency?: number;
    lingerMs?: number;
    onProgress?: (run: FuzzRun) => void;
  },
): Promise<FuzzRun> {
  const rng = createRng(options.seed);
  const run: FuzzRun = { sessions: 0, pdus: 0, bytes: 0, closedEarly: 0 };
  const worker = async (): Promise<void> => {
    while (run.pdus < options.pdus) {
      const session = fuzzSession(rng, target.calledAeTitle);
      run.sessions++;
      run.pdus += session.pdus;
      for (const chunk of session.chunks) run.bytes += chunk.length;
      if (await playSession(target, session.chunks, options.lingerMs ?? 30)) run.closedEarly++;
      if (run.sessions % 1000 === 0) options.onProgress?.(run);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return run;
}
