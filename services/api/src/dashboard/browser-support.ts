// Browser-test support of the dashboard (imported only by *.int.test.ts files): Debian's Chromium
// driven by playwright-core, one fresh profile per browser, axe-core from node_modules, and
// screenshots under the repository's gitignored artifacts/screenshots/.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const VIEWPORT = { width: 1280, height: 800 };
export const SCREENSHOTS = fileURLToPath(new URL('../../../../artifacts/screenshots/', import.meta.url));

export interface TestBrowser {
  page: Page;
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh Chromium with its own new profile. Fails (never skips) when Chromium is missing. */
export async function openBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's Chromium (apt-get install chromium); .ci/run does`,
    );
  }
  const profile = await mkdtemp(join(tmpdir(), 'mwl-dashboard-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: VIEWPORT,
    acceptDownloads: true,
    timezoneId: 'America/Edmonton',
    locale: 'en-CA',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in through the sign-in page, as a user would, and waits for the Today page. */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}/today`);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

interface AxeApi {
  run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }>;
}

let axeSource: Promise<string> | undefined;

/**
 * The page's serious and critical accessibility violations by axe-core (WCAG 2.x A/AA rules). The
 * script comes from node_modules and is evaluated through the DevTools protocol, which the page's
 * Content-Security-Policy does not govern.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  axeSource ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(await axeSource);
  const violations = await page.evaluate(async () => {
    // Runs in the page (no DOM types here): axe and document are the page's globals.
    const scope = globalThis as unknown as { axe: AxeApi; document: unknown };
    const result = await scope.axe.run(scope.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact}: ${v.id} (${v.help}) at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}
