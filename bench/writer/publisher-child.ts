// The publishing side of bench:writer in its own process, as a fetcher is in production: it builds
// the synthetic entries once and publishes a snapshot of them whenever its parent asks (IPC), so
// the writer's process and its figure carry none of the producer's work or heap.
import type { SnapshotInput } from '@mwl/queue';
import { createBullmqTransport } from '@mwl/queue/bullmq';
import type { PublisherReport, PublisherRequest, PublisherSetup } from './publisher.ts';
import { syntheticEntries } from './synthetic-entries.ts';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

function start(setup: PublisherSetup): void {
  const transport = createBullmqTransport({
    redisUrl: setup.redisUrl,
    prefix: setup.prefix,
    encryptionKey: setup.encryptionKeyHex ? Buffer.from(setup.encryptionKeyHex, 'hex') : null,
    batchSize: setup.batchSize,
    logger: silent,
  });
  const entries = syntheticEntries(setup.count);
  const snapshot = (snapshotId: string): SnapshotInput => ({
    source: 'bench',
    snapshotId,
    kind: 'full',
    window: { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' },
    complete: true,
    startedAt: new Date().toISOString(),
    entries,
  });
  process.on('message', (request: PublisherRequest) => {
    void (async () => {
      if ('close' in request) {
        await transport.close();
        process.disconnect();
        return;
      }
      const started = performance.now();
      const cpu = process.cpuUsage();
      await transport.publishSnapshot(snapshot(request.publish));
      const used = process.cpuUsage(cpu);
      const report: PublisherReport = {
        snapshotId: request.publish,
        publishMs: performance.now() - started,
        cpuMs: (used.user + used.system) / 1000,
      };
      process.send?.(report);
    })().catch((error: unknown) => {
      console.error('publisher:', error);
      process.exit(1);
    });
  });
  process.send?.({ ready: true });
}

process.once('message', (setup: PublisherSetup) => start(setup));
