import { defineConfig } from 'vitest/config';

// Two projects: `unit` (no I/O, runs anywhere) and `integration` (real Postgres, Redis and dcmtk,
// from DATABASE_URL / REDIS_URL; the global setup builds one migrated template database that
// every test clones).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // Unit tests first (fast feedback), then the integration project with its own workers.
          sequence: { groupOrder: 0 },
          include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
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
    ],
  },
});
