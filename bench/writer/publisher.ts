// bench:writer's publisher, seen from the bench: a child process (publisher-child.ts) that builds
// the synthetic entries once and publishes a snapshot of them whenever asked.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { withTimeout } from '../support.ts';

export interface PublisherSetup {
  redisUrl: string;
  prefix: string;
  encryptionKeyHex: string | null;
  batchSize: number;
  count: number;
}

export type PublisherRequest = { publish: string } | { close: true };

/** After each publish: how long it took and the CPU the publisher used for it. */
export interface PublisherReport {
  snapshotId: string;
  publishMs: number;
  cpuMs: number;
}

export class Publisher {
  #child: ChildProcess;
  #timeoutMs: number;

  private constructor(child: ChildProcess, timeoutMs: number) {
    this.#child = child;
    this.#timeoutMs = timeoutMs;
  }

  static async start(setup: PublisherSetup, timeoutMs: number): Promise<Publisher> {
    const path = fileURLToPath(new URL('./publisher-child.ts', import.meta.url));
    const child = fork(path, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ready = once(child, 'message');
    child.send(setup);
    try {
      await withTimeout(ready, 120_000, 'starting the publisher');
    } catch (error) {
      child.kill();
      throw error;
    }
    return new Publisher(child, timeoutMs);
  }

  /** Resolves once the snapshot is in Redis (the flow added). */
  async publish(snapshotId: string): Promise<PublisherReport> {
    const answer = once(this.#child, 'message');
    this.#child.send({ publish: snapshotId } satisfies PublisherRequest);
    const [report] = (await withTimeout(answer, this.#timeoutMs, `publishing ${snapshotId}`)) as [
      PublisherReport,
    ];
    return report;
  }

  async close(): Promise<void> {
    if (this.#child.exitCode !== null || !this.#child.connected) return;
    const exited = once(this.#child, 'exit');
    this.#child.send({ close: true } satisfies PublisherRequest);
    await withTimeout(exited, 30_000, 'closing the publisher').catch(() => this.#child.kill());
  }
}
