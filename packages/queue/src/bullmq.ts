// @mwl/queue/bullmq: the BullMQ (Redis) transport and source scheduler on their own entry, so a
// process without Redis can leave bullmq and ioredis (~11 MB resident) unloaded: it imports the
// index statically and this entry only when it has Redis (`await import('@mwl/queue/bullmq')`).
// That works in the bundle once the index no longer re-exports these (esbuild puts a module in
// every chunk that reaches it through any import, used or not); `sideEffects: false` lets it drop
// the ones nothing uses.
export {
  createBullmqTransport,
  DEFAULT_BATCH_SIZE,
  DEFAULT_PREFIX,
  type BullmqTransportOptions,
} from './bullmq-transport.ts';
export { createBullmqSourceScheduler, type BullmqSourceSchedulerOptions } from './bullmq-source-scheduler.ts';
