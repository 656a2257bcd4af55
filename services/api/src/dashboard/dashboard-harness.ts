// The dashboard's browser-test harness (imported only by *.int.test.ts files): the real api over a
// seeded test database, two users, a browser per test, and the per-page checks of issue 15.
import type { Locator, Page } from 'playwright-core';
import { useTestDatabase } from '@mwl/testing';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createUser } from '../auth/credentials.ts';
import { startApiStack, type ApiStack } from '../int-support.ts';
import { TEST_SCRYPT } from '../test-support.ts';
import {
  openBrowser,
  screenshot,
  seriousAxeViolations,
  signIn,
  type TestBrowser,
} from './browser-support.ts';
import {
  NOW,
  performItem,
  performUnscheduled,
  scheduleItems,
  SEED_ITEMS,
  seedSourceHistory,
} from './dashboard-seed.ts';

export const PASSWORD = 'correct horse battery staple';
export const SOURCES = [
  { name: 'redcap_main', type: 'redcap', enabled: true, syncIntervalSeconds: 600 },
  { name: 'calpendo_mri', type: 'calpendo', enabled: true, syncIntervalSeconds: 900 },
  { name: 'file_drop', type: 'file', enabled: false, syncIntervalSeconds: 300 },
];
export type TestUser = 'coordinator' | 'viewer';

export interface DashboardHarness {
  stack: ApiStack;
  /** Sources whose "sync now" reached the fetcher's trigger, in order. */
  syncRequests: string[];
  /** A fresh browser (closed by `closeBrowser`). */
  open(): Promise<TestBrowser>;
  /** A fresh browser, signed in through the sign-in page. */
  signedIn(user: TestUser, baseUrl?: string): Promise<Page>;
  closeBrowser(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The api on the test database with the seed: `coordinator` (write) and `viewer` (read), today's
 * items with their MPPS, rejections and sync runs. The clock is fixed at `NOW`; pages refresh every
 * second.
 */
export async function startDashboard(databaseUrl: string): Promise<DashboardHarness> {
  const syncRequests: string[] = [];
  const stack = await startApiStack(databaseUrl, {
    sources: SOURCES,
    clock: () => NOW,
    triggerSync: (source) => {
      syncRequests.push(source);
      return Promise.resolve();
    },
    dashboard: { refreshSeconds: 1 },
  });
  const actor = { kind: 'cli', name: 'test' } as const;
  for (const [username, role] of [
    ['coordinator', 'write'],
    ['viewer', 'read'],
  ] as const) {
    await createUser(stack.prisma, actor, { username, role, password: PASSWORD }, TEST_SCRYPT);
  }
  const rows = await scheduleItems(stack.prisma, SEED_ITEMS);
  await performItem(stack.prisma, rows.get('101')!, '2.25.9101', 'COMPLETED');
  await performItem(stack.prisma, rows.get('102')!, '2.25.9102');
  await performItem(stack.prisma, rows.get('B-7')!, '2.25.9201', 'DISCONTINUED');
  await performUnscheduled(stack.prisma, '2.25.9301', 'MRI_7T', new Date('2026-03-10T15:20:00Z'));
  await seedSourceHistory(stack.prisma);

  let browser: TestBrowser | undefined;
  const harness: DashboardHarness = {
    stack,
    syncRequests,
    async open() {
      await harness.closeBrowser();
      browser = await openBrowser();
      return browser;
    },
    async signedIn(user, baseUrl = stack.baseUrl) {
      const { page } = await harness.open();
      await signIn(page, baseUrl, user, PASSWORD);
      return page;
    },
    async closeBrowser() {
      await browser?.close();
      browser = undefined;
    },
    async close() {
      await harness.closeBrowser();
      await stack.close();
    },
  };
  return harness;
}

/** Each page: its screenshot at 1280×800, and no serious or critical axe-core violation. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await seriousAxeViolations(page)).toEqual([]);
}

export const rowOf = (scope: Page | Locator, text: string): Locator =>
  scope.getByRole('row').filter({ hasText: text });

/**
 * A test file's dashboard on its own test database: started before the file's tests, its browser
 * closed after each test, everything stopped after the file. `dashboard()` is the running harness.
 */
export function useDashboard(): {
  database: ReturnType<typeof useTestDatabase>;
  dashboard: () => DashboardHarness;
} {
  const database = useTestDatabase();
  let running: DashboardHarness | undefined;
  beforeAll(async () => {
    running = await startDashboard(database.current.databaseUrl);
  });
  afterEach(() => running?.closeBrowser());
  afterAll(() => running?.close());
  return {
    database,
    dashboard() {
      if (!running) throw new Error('the dashboard is not started yet (use it inside a test)');
      return running;
    },
  };
}
