// The dashboard in Debian's Chromium against the real api and a real test database (issue 15).
import { readFile } from 'node:fs/promises';
import { useTestDatabase } from '@mwl/testing';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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
  scheduleItems,
  SEED_ITEMS,
  SEED_REJECTION,
  seedSourceHistory,
  TODAY,
} from './dashboard-seed.ts';

const database = useTestDatabase();
const PASSWORD = 'correct horse battery staple';
const SOURCES = [
  { name: 'redcap_main', type: 'redcap', enabled: true, syncIntervalSeconds: 600 },
  { name: 'calpendo_mri', type: 'calpendo', enabled: true, syncIntervalSeconds: 900 },
  { name: 'file_drop', type: 'file', enabled: false, syncIntervalSeconds: 300 },
];
let stack: ApiStack;
const syncRequests: string[] = [];
let browser: TestBrowser | undefined;

beforeAll(async () => {
  stack = await startApiStack(database.current.databaseUrl, {
    sources: SOURCES,
    clock: () => NOW,
    triggerSync: (source) => {
      syncRequests.push(source);
      return Promise.resolve();
    },
    dashboard: { refreshSeconds: 1 },
  });
  const actor = { kind: 'cli', name: 'test' } as const;
  await createUser(
    stack.prisma,
    actor,
    { username: 'coordinator', role: 'write', password: PASSWORD },
    TEST_SCRYPT,
  );
  await createUser(
    stack.prisma,
    actor,
    { username: 'viewer', role: 'read', password: PASSWORD },
    TEST_SCRYPT,
  );
  const rows = await scheduleItems(stack.prisma, SEED_ITEMS);
  await performItem(stack.prisma, rows.get('101')!, '2.25.9101', 'COMPLETED');
  await performItem(stack.prisma, rows.get('102')!, '2.25.9102');
  await performItem(stack.prisma, rows.get('B-7')!, '2.25.9201', 'DISCONTINUED');
  await seedSourceHistory(stack.prisma);
});
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});
afterAll(async () => {
  await stack?.close();
});

async function signedIn(username: 'coordinator' | 'viewer'): Promise<Page> {
  browser = await openBrowser();
  await signIn(browser.page, stack.baseUrl, username, PASSWORD);
  return browser.page;
}

/** Each page: its screenshot at 1280×800, and no serious or critical axe-core violation. */
async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await seriousAxeViolations(page)).toEqual([]);
}

const rowOf = (page: Page | Locator, text: string) => page.getByRole('row').filter({ hasText: text });

describe('the dashboard in a browser (issue 15)', () => {
  it('refuses a wrong password on the sign-in page, then signs the user in with the right one', async () => {
    browser = await openBrowser();
    const { page } = browser;
    await page.goto(`${stack.baseUrl}/today`);
    await page.waitForURL(`${stack.baseUrl}/sign-in`);
    await page.getByLabel('Username').fill('coordinator');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Wrong username or password.');
    await checkPage(page, '01-sign-in');

    await signIn(page, stack.baseUrl, 'coordinator', PASSWORD);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Today — ${TODAY}`);
    expect(await page.locator('header').textContent()).toContain('coordinator');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${stack.baseUrl}/sign-in`);
    await page.goto(`${stack.baseUrl}/today`);
    await page.waitForURL(`${stack.baseUrl}/sign-in`);
  });

  it('works with the keyboard alone: sign in, reach "sync now" and press it', async () => {
    browser = await openBrowser();
    const { page } = browser;
    await page.goto(`${stack.baseUrl}/sign-in`);
    await page.keyboard.type('coordinator'); // the username field has the focus
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${stack.baseUrl}/today`);
    await page.goto(`${stack.baseUrl}/sources`);
    const focusedText = () =>
      page.evaluate(() => {
        const scope = globalThis as unknown as {
          document: { activeElement: { textContent: string } | null };
        };
        return scope.document.activeElement?.textContent ?? '';
      });
    let presses = 0;
    while ((await focusedText()) !== 'Sync calpendo_mri now') {
      expect(++presses, 'Tab presses to reach the button').toBeLessThan(40);
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('#sync-status').textContent())
      .toMatch(/Sync of calpendo_mri requested/);
    expect(syncRequests).toContain('calpendo_mri');
  });

  it("shows today's items per station with time, participant, protocol, status and MPPS progress", async () => {
    const page = await signedIn('coordinator');
    const threeT = page.getByRole('region', { name: /MRI_3T/ });
    const sevenT = page.getByRole('region', { name: /MRI_7T/ });
    expect(await threeT.getByRole('row').count()).toBe(4); // header + 3 scans
    expect(await sevenT.getByRole('row').count()).toBe(3);
    const jane = await rowOf(threeT, 'SUB-0101').innerText();
    expect(jane).toMatch(
      /09:30\s+DOE, JANE\s+SUB-0101\s+Brain MRI baseline\s+MR\s+Completed\s+Completed ended 10:15/,
    );
    expect(await rowOf(threeT, 'SUB-0102').innerText()).toMatch(
      /11:00.*SMITH, ALEX[\s\S]*Started[\s\S]*In progress since 11:05/,
    );
    expect(await rowOf(threeT, 'SUB-0103').innerText()).toMatch(
      /14:00.*NGUYEN, MAI[\s\S]*Scheduled\s+not started/,
    );
    expect(await rowOf(sevenT, 'SUB-0201').innerText()).toMatch(/DTI 64 directions[\s\S]*Discontinued/);
    expect(await threeT.getByRole('list', { name: 'Counts at MRI_3T' }).innerText()).toMatch(
      /Scheduled\s+1\s+Started\s+1\s+Completed\s+1\s+Discontinued\s+0/,
    );
    expect(await page.getByText('BROWN, KIM').count()).toBe(0);
    await checkPage(page, '02-today');
  });

  it('moves to another day with the date picker', async () => {
    const page = await signedIn('viewer');
    await page.getByLabel('Day').fill('2026-03-11');
    await page.getByRole('button', { name: 'Show day' }).click();
    await page.waitForURL(`${stack.baseUrl}/today?date=2026-03-11`);
    expect(await rowOf(page, 'SUB-0104').innerText()).toContain('BROWN, KIM');
    expect(await page.getByText('DOE, JANE').count()).toBe(0);
  });

  it('refreshes Today by itself: an item the writer adds appears without reloading', async () => {
    const page = await signedIn('viewer');
    const marker = await page.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 42));
    await scheduleItems(stack.prisma, [
      {
        ...SEED_ITEMS[0]!,
        key: '105',
        name: 'PATEL^RIA',
        id: 'SUB-0105',
        time: '16:30',
        protocol: 'Late add',
      },
    ]);
    await page.getByText('PATEL, RIA').waitFor();
    // Same document: the region was replaced, the page not reloaded.
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(marker);
  });

  it('shows a seeded rejection grouped by reason, with its field, record key and how to fix it', async () => {
    const page = await signedIn('viewer');
    await page.getByRole('link', { name: 'Rejections' }).click();
    const group = page.getByRole('region', { name: /not a real date \(for example 1990-13-01\)/ });
    expect(await group.locator('.fix').innerText()).toMatch(/How to fix:.*REDCap.*correct the date/);
    const row = await rowOf(group, SEED_REJECTION.rawRef).innerText();
    expect(row).toContain('redcap_main');
    expect(row).toContain(SEED_REJECTION.sourceKey);
    expect(row).toContain('birth date (patientBirthDate)');
    expect(row).toContain(SEED_REJECTION.message);
    const missing = page.getByRole('region', { name: /A required value is empty/ });
    expect(await missing.locator('.fix').innerText()).toMatch(/Calpendo/);
    expect(await rowOf(missing, 'B-9').innerText()).toContain('participant ID (patientId)');
    await checkPage(page, '03-rejections');
  });

  it("shows each source's health and lets a write user sync it now", async () => {
    const page = await signedIn('coordinator');
    await page.getByRole('link', { name: 'Sources' }).click();
    const calpendo = page.getByRole('region', { name: 'calpendo_mri' });
    expect(await calpendo.locator('dl').innerText()).toMatch(
      /Last success\s+never[\s\S]*Last failure\s+2026-03-10 10:50: The source refused our credentials[\s\S]*MWL_ERR_SOURCE_AUTH/,
    );
    const redcap = page.getByRole('region', { name: 'redcap_main' });
    expect(await redcap.locator('dl').innerText()).toMatch(
      /Last success\s+2026-03-10 10:40[\s\S]*Next run\s+about 2026-03-10 10:50/,
    );
    expect(await rowOf(redcap, 'incremental').innerText()).toMatch(/Succeeded\s+12\s+3\s+2\s+6\s+0\s+1/);
    expect(await page.getByRole('region', { name: 'file_drop' }).getByRole('button').count()).toBe(0);
    await checkPage(page, '04-sources');

    await redcap.getByRole('button', { name: 'Sync redcap_main now' }).click();
    await expect
      .poll(() => page.locator('#sync-status').textContent())
      .toMatch(/Sync of redcap_main requested/);
    expect(syncRequests.at(-1)).toBe('redcap_main');
    const audit = await stack.prisma.auditEvent.findMany({
      where: { action: 'source.sync_now', targetId: 'redcap_main' },
    });
    expect(audit.map((a) => a.actor)).toEqual(['coordinator']);
  });

  it('offers no sync to a read user, and the api refuses their request', async () => {
    const requestsBefore = syncRequests.length;
    const page = await signedIn('viewer');
    await page.getByRole('link', { name: 'Sources' }).click();
    expect(await page.getByRole('button', { name: /Sync .* now/ }).count()).toBe(0);
    expect(await page.getByText('Only users with the write role can start a sync.').count()).toBe(1);
    const status = await page.evaluate(async () => {
      const scope = globalThis as unknown as { document: { querySelector(s: string): { content: string } } };
      const csrf = scope.document.querySelector('meta[name="csrf-token"]').content;
      const response = await fetch('/api/v1/sources/redcap_main/sync', {
        method: 'POST',
        headers: { 'x-csrf-token': csrf },
      });
      return response.status;
    });
    expect(status).toBe(403);
    expect(syncRequests).toHaveLength(requestsBefore);
  });

  it("shows the api's 503 answer when no fetcher runs beside this api", async () => {
    const alone = await startApiStack(database.current.databaseUrl, { sources: SOURCES, clock: () => NOW });
    try {
      browser = await openBrowser();
      const { page } = browser;
      const requestsBefore = syncRequests.length;
      await signIn(page, alone.baseUrl, 'coordinator', PASSWORD);
      await page.getByRole('link', { name: 'Sources' }).click();
      await page.getByRole('button', { name: 'Sync calpendo_mri now' }).click();
      const status = page.locator('#sync-status');
      await expect
        .poll(() => status.textContent())
        .toBe(
          'Sync of calpendo_mri not started: this api cannot trigger a sync of that source (no fetcher runs it here)',
        );
      expect(await status.getAttribute('class')).toContain('error');
      expect(syncRequests).toHaveLength(requestsBefore);
    } finally {
      await alone.close();
    }
  });

  it('searches the worklist by POST (nothing in the URL) and exports what it found as CSV', async () => {
    const page = await signedIn('viewer');
    await page.getByRole('link', { name: 'Worklist search' }).click();
    await page.getByLabel('Name, ID, accession or record key').fill('smith');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { name: '1 item found' }).waitFor();
    expect(page.url()).toBe(`${stack.baseUrl}/worklist`);
    expect(await rowOf(page, 'SUB-0102').innerText()).toMatch(/2026-03-10\s+11:00\s+SMITH, ALEX/);
    await checkPage(page, '05-worklist');

    await page.getByLabel('Name, ID, accession or record key').fill('');
    await page.getByLabel('Scanner (AE title)').fill('MRI_3T');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('worklist-20260310.csv');
    const lines = (await readFile(await download.path(), 'utf8')).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^id,source,sourceKey,status,spsStartDate,spsStartTime/);
    const ids = lines.slice(1).map((line) => /SUB-\d{4}/.exec(line)?.[0]);
    expect(ids.sort()).toEqual(['SUB-0101', 'SUB-0102', 'SUB-0103', 'SUB-0104', 'SUB-0105']);
    expect(lines.find((l) => l.includes('SUB-0102'))).toContain('SMITH^ALEX');
  });

  it("refuses a search or export form posted without the session's CSRF token", async () => {
    const signInResponse = await fetch(`${stack.baseUrl}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'viewer', password: PASSWORD }),
    });
    const cookie = (signInResponse.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { csrfToken } = (await signInResponse.json()) as { csrfToken: string };
    const form = { cookie, 'content-type': 'application/x-www-form-urlencoded' };
    for (const url of ['/worklist', '/worklist/export']) {
      for (const body of ['q=SMITH', 'q=SMITH&csrf=not-the-token']) {
        const response = await fetch(`${stack.baseUrl}${url}`, { method: 'POST', headers: form, body });
        expect(response.status).toBe(403);
        expect(await response.text()).not.toContain('SMITH, ALEX');
      }
    }
    const accepted = await fetch(`${stack.baseUrl}/worklist/export`, {
      method: 'POST',
      headers: form,
      body: `q=SMITH&csrf=${csrfToken}`,
    });
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toContain('SMITH^ALEX');
  });

  it('keeps patient values out of the server log', () => {
    const log = stack.logText();
    for (const item of SEED_ITEMS) {
      expect(log).not.toContain(item.id);
      expect(log).not.toContain(item.name.split('^')[0]);
    }
    expect(log).not.toContain('smith');
  });
});
