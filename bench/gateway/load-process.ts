// A load generator process of the DIMSE benches: forked with the bench's Node options, sent its
// request, and its one report awaited. It exits by itself after reporting (so a CPU profile asked
// for with BENCH_PROFILE_DIR gets written); one that does not within a few seconds is killed.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { benchChildExecArgv } from './bench-gateway.ts';
import { withTimeout } from '../support.ts';

const EXIT_GRACE_MS = 10_000;

export async function runLoadProcess<Request extends object, Report>(
  modulePath: string,
  request: Request,
  timeoutMs: number,
): Promise<Report> {
  const child = fork(modulePath, [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: benchChildExecArgv(),
  });
  const exited = once(child, 'exit');
  child.send(request);
  try {
    const [report] = (await withTimeout(once(child, 'message'), timeoutMs, 'load process')) as [Report];
    await withTimeout(exited, EXIT_GRACE_MS, 'load process exit').catch(() => undefined);
    return report;
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  }
}
