// @mwl/testing/queue: the queue helpers without the vitest fixtures, for scripts that run outside
// vitest (the benches): `dbTest` (`test.extend`) may only be evaluated inside a test worker.
export { uniqueQueuePrefix } from './queue-prefix.ts';
export { deleteQueueKeys } from './queue-keys.ts';
export { testRedisUrl } from './test-env.ts';
