import { defineConfig } from 'vitest/config';

// Three projects: `unit` (no I/O, runs anywhere), `integration` (real Postgres, Redis and dcmtk,
// from DATABASE_URL / REDIS_URL; the global setup builds one migrated template database that
// every test clones) and `fault` (hostile peers and the PDU fuzzer; dcmtk, no database).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // Unit tests first (fast feedback), then the integration project with its own workers.
          sequence: { groupOrder: 0 },
          include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/*.fault.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['packages/*/src/**/*.int.test.ts', 'services/*/src/**/*.int.test.ts'],
          globalSetup: ['packages/testing/src/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Two cores: integration files share Postgres and Redis; two workers keep them busy.
          maxWorkers: 2,
        },
      },
      {
        test: {
          // Issue 12's fault suite: hostile peers against a real server on port 0, and the PDU fuzzer
          // (fixed seed) while dcmtk's findscu keeps querying. Bounded: a minute or two in all.
          name: 'fault',
          sequence: { groupOrder: 2 },
          include: ['packages/*/src/**/*.fault.test.ts', 'services/*/src/**/*.fault.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 30_000,
          maxWorkers: 1,
        },
      },
    ],
  },
});
