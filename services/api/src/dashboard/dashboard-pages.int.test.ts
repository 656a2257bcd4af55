// The dashboard's pages in Debian's Chromium against the real api and a test database (issue 15).
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { signIn } from './browser-support.ts';
import { checkPage, PASSWORD, rowOf, useDashboard } from './dashboard-harness.ts';
import { scheduleItems, SEED_ITEMS, SEED_REJECTION, TODAY } from './dashboard-seed.ts';

const { dashboard } = useDashboard();

describe('the dashboard in a browser: sign-in, Today, Rejections, Worklist (issue 15)', () => {
  it('refuses a wrong password on the sign-in page, then signs the user in with the right one', async () => {
    const { page } = await dashboard().open();
    await page.goto(`${dashboard().stack.baseUrl}/today`);
    await page.waitForURL(`${dashboard().stack.baseUrl}/sign-in`);
    await page.getByLabel('Username').fill('coordinator');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Wrong username or password.');
    await checkPage(page, '01-sign-in');

    await signIn(page, dashboard().stack.baseUrl, 'coordinator', PASSWORD);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Today — ${TODAY}`);
    expect(await page.locator('header').textContent()).toContain('coordinator');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${dashboard().stack.baseUrl}/sign-in`);
    await page.goto(`${dashboard().stack.baseUrl}/today`);
    await page.waitForURL(`${dashboard().stack.baseUrl}/sign-in`);
  });

  it("shows today's items per station with time, participant, protocol, status and MPPS progress", async () => {
    const page = await dashboard().signedIn('coordinator');
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
    const unscheduled = page.getByRole('region', { name: 'Scans without a worklist item' });
    expect(await rowOf(unscheduled, 'MRI_7T').innerText()).toMatch(
      /MRI_7T\s+Completed\s+2026-03-10 09:20\s+2026-03-10 10:00/,
    );
    await checkPage(page, '02-today');
  });

  it('moves to another day with the date picker', async () => {
    const page = await dashboard().signedIn('viewer');
    await page.getByLabel('Day').fill('2026-03-11');
    await page.getByRole('button', { name: 'Show day' }).click();
    await page.waitForURL(`${dashboard().stack.baseUrl}/today?date=2026-03-11`);
    expect(await rowOf(page, 'SUB-0104').innerText()).toContain('BROWN, KIM');
    expect(await page.getByText('DOE, JANE').count()).toBe(0);
  });

  it('refreshes Today by itself: an item the writer adds appears without reloading', async () => {
    const page = await dashboard().signedIn('viewer');
    const marker = await page.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 42));
    await scheduleItems(dashboard().stack.prisma, [
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
    const page = await dashboard().signedIn('viewer');
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

  it('searches the worklist by POST (nothing in the URL) and exports what it found as CSV', async () => {
    const page = await dashboard().signedIn('viewer');
    await page.getByRole('link', { name: 'Worklist search' }).click();
    await page.getByLabel('Name, ID, accession or record key').fill('smith');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { name: '1 item found' }).waitFor();
    expect(page.url()).toBe(`${dashboard().stack.baseUrl}/worklist`);
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
    // Every active MRI_3T item on any day (the refresh test may have added one).
    const expected = await dashboard().stack.prisma.worklistItem.findMany({
      where: { scheduledStationAeTitle: 'MRI_3T', cancelledAt: null },
    });
    expect(ids.sort()).toEqual(expected.map((i) => i.patientId).sort());
    expect(ids).toEqual(expect.arrayContaining(['SUB-0101', 'SUB-0102', 'SUB-0103', 'SUB-0104']));
    expect(lines.find((l) => l.includes('SUB-0102'))).toContain('SMITH^ALEX');
  });

  it("refuses a search or export form posted without the session's CSRF token", async () => {
    const signInResponse = await fetch(`${dashboard().stack.baseUrl}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'viewer', password: PASSWORD }),
    });
    const cookie = (signInResponse.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { csrfToken } = (await signInResponse.json()) as { csrfToken: string };
    const form = { cookie, 'content-type': 'application/x-www-form-urlencoded' };
    for (const url of ['/worklist', '/worklist/export']) {
      for (const body of ['q=SMITH', 'q=SMITH&csrf=not-the-token']) {
        const response = await fetch(`${dashboard().stack.baseUrl}${url}`, {
          method: 'POST',
          headers: form,
          body,
        });
        expect(response.status).toBe(403);
        expect(await response.text()).not.toContain('SMITH, ALEX');
      }
    }
    const accepted = await fetch(`${dashboard().stack.baseUrl}/worklist/export`, {
      method: 'POST',
      headers: form,
      body: `q=SMITH&csrf=${csrfToken}`,
    });
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toContain('SMITH^ALEX');
  });

  it('keeps patient values out of the server log', () => {
    const log = dashboard().stack.logText();
    for (const item of SEED_ITEMS) {
      expect(log).not.toContain(item.id);
      expect(log).not.toContain(item.name.split('^')[0]);
    }
    expect(log).not.toContain('smith');
  });
});
