// The Sources page and "sync now" in Debian's Chromium against the real api (issue 15).
import { describe, expect, it } from 'vitest';
import { startApiStack } from '../int-support.ts';
import { checkPage, PASSWORD, rowOf, SOURCES, useDashboard } from './dashboard-harness.ts';
import { NOW } from './dashboard-seed.ts';

const { database, dashboard } = useDashboard();

describe('the dashboard in a browser: Sources and sync now (issue 15)', () => {
  it('works with the keyboard alone: sign in, reach "sync now" and press it', async () => {
    const { page } = await dashboard().open();
    await page.goto(`${dashboard().stack.baseUrl}/sign-in`);
    await page.keyboard.type('coordinator'); // the username field has the focus
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${dashboard().stack.baseUrl}/today`);
    await page.goto(`${dashboard().stack.baseUrl}/sources`);
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
    expect(dashboard().syncRequests).toContain('calpendo_mri');
  });

  it("shows each source's health and lets a write user sync it now", async () => {
    const page = await dashboard().signedIn('coordinator');
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
    expect(dashboard().syncRequests.at(-1)).toBe('redcap_main');
    const audit = await dashboard().stack.prisma.auditEvent.findMany({
      where: { action: 'source.sync_now', targetId: 'redcap_main' },
    });
    expect(audit.map((a) => a.actor)).toEqual(['coordinator']);
  });

  it('offers no sync to a read user, and the api refuses their request', async () => {
    const requestsBefore = dashboard().syncRequests.length;
    const page = await dashboard().signedIn('viewer');
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
    expect(dashboard().syncRequests).toHaveLength(requestsBefore);
  });

  it("shows the api's 503 answer when no fetcher runs beside this api", async () => {
    const alone = await startApiStack(database.current.databaseUrl, { sources: SOURCES, clock: () => NOW });
    try {
      const requestsBefore = dashboard().syncRequests.length;
      const page = await dashboard().signedIn('coordinator', alone.baseUrl);
      await page.getByRole('link', { name: 'Sources' }).click();
      await page.getByRole('button', { name: 'Sync calpendo_mri now' }).click();
      const status = page.locator('#sync-status');
      await expect
        .poll(() => status.textContent())
        .toBe(
          'Sync of calpendo_mri not started: this api cannot trigger a sync of that source (no fetcher runs it here)',
        );
      expect(await status.getAttribute('class')).toContain('error');
      expect(dashboard().syncRequests).toHaveLength(requestsBefore);
    } finally {
      await alone.close();
    }
  });
});
