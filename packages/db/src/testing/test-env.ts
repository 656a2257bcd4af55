/**
 * Where the test Postgres is. Test infrastructure has no `main.ts`, so this file is where it reads
 * the environment, once per call, with the documented default (trust auth on loopback).
 */

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** The Postgres server tests create their databases on (its maintenance database). */
export function testDatabaseServerUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}
