// @mwl/queue/bullmq: the BullMQ (Redis) transport, source scheduler, sync trigger and targeted-fetch queue on
// their own entry, so a process without Redis leaves bullmq and ioredis unloaded: `mwl-bridge
// start` imports this entry only when it has Redis (`await import('@mwl/queue/bullmq')`); the roles
// that always run on Redis (fetcher, api) import it statically.
export {
  createBullmqTransport,
  DEFAULT_BATCH_SIZE,
  DEFAULT_PREFIX,
  type BullmqTransportOptions,
} from './bullmq-transport.ts';
export { createBullmqSourceScheduler, type BullmqSourceSchedulerOptions } from './bullmq-source-scheduler.ts';
export { createBullmqTargetedFetchQueue, type BullmqTargetedFetchOptions } from './bullmq-targeted-fetch.ts';
export { createBullmqSyncTrigger, type BullmqSyncTriggerOptions } from './bullmq-sync-trigger.ts';
