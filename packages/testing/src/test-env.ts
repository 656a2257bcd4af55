/**
 * Where the test Redis is (the test Postgres: `testDatabaseServerUrl` of `@mwl/db/testing`). Test
 * infrastructure has no `main.ts`, so this file is where it reads the environment, once per call,
 * with the documented default (loopback).
 */

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export function testRedisUrl(): string {
  return process.env.REDIS_URL || DEFAULT_REDIS_URL;
}
