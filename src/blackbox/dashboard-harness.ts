// What the dashboard's browser tests share (dashboard.test.ts, dashboard-protection.test.ts): Debian's
// chromium through playwright-core with the machine's launch flags, the built server started in dev
// mode with the dashboard link it prints, the demo sign-in, navigation by hash, the list's count,
// axe-core through the DevTools protocol, screenshots, and a real pointer click on a chart's bar.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { serveBuilt, type BuiltServer } from '../test-support/built-server.js';

/** The browser's globals as the functions given to page.evaluate use them (no DOM types in the server's build). */
interface BrowserElement {
  scrollIntoView(options: object): void;
  getBoundingClientRect(): { readonly left: number; readonly top: number };
}
declare const document: { querySelector(selector: string): BrowserElement | null };
declare const window: object;
declare const location: { hash: string };

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CHROMIUM = '/usr/bin/chromium';
export const SHOTS = join(ROOT, 'scratch', 'screenshots');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** node.md: headless as root, and no background connections on a closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const missing = !existsSync(CHROMIUM);
/** Without chromium the browser tests skip, except under CI, where they fail. */
export const skip = missing && !process.env.CI ? `chromium is not installed (${CHROMIUM}); install it with: apt-get install -y chromium` : false;

export interface Server extends BuiltServer {
  /** The dashboard link the server printed (`amr: dashboard …`): with this run's `#signin=` code, unless behind a proxy. */
  readonly dashboard: string;
}

/** The `amr: dashboard URL` line `amr serve` writes after the `serving` line serveBuilt waits for. */
async function printedDashboard(server: BuiltServer): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const m = /amr: dashboard (\S+)/.exec(server.stderr());
    if (m) return m[1]!;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the server printed no dashboard link: ${server.stderr()}`);
}

export async function startServer(db: string, env: Readonly<Record<string, string>> = {}): Promise<Server> {
  const built = await serveBuilt(db, { env: { AMR_AUTH_MODE: 'dev', ...env } });
  return { ...built, dashboard: await printedDashboard(built) };
}

export interface PageOptions {
  readonly width?: number;
  readonly scheme?: 'light' | 'dark';
  readonly locale?: string;
}

/** A fresh context and page; script errors and console errors (but expected 401/403s) go to `errors`. */
export async function openPage(browser: Browser, errors: string[], options: PageOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    colorScheme: options.scheme ?? 'light',
    locale: options.locale ?? 'en-US',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/401|403|Unauthorized|Forbidden/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  return { context, page };
}

/** The demo sign-in through the printed link, for the named tenant. */
export async function signIn(p: Page, server: Server, tenantName = 'Contoso'): Promise<void> {
  await p.goto(server.dashboard);
  const button = p.getByRole('button', { name: 'Sign in to the demo' });
  await button.waitFor();
  // A database with one tenant names it instead of offering a choice.
  const select = p.getByLabel('Tenant');
  if ((await select.count()) > 0) {
    const option = await select.locator('option', { hasText: tenantName }).getAttribute('value');
    await select.selectOption(option!);
  }
  await button.click();
  await p.getByTestId('identity').waitFor();
}

export async function go(p: Page, hash: string, ready: string): Promise<void> {
  await p.evaluate((h) => {
    location.hash = h;
  }, hash);
  await p.locator(ready).first().waitFor();
}

export async function listCount(p: Page): Promise<number> {
  const c = p.getByTestId('list-count');
  await c.waitFor();
  return Number(await c.getAttribute('data-count'));
}

/** axe-core on the page: no serious or critical violation. */
export async function axe(p: Page, where: string): Promise<void> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (a <script> tag would be refused).
  if (!(await p.evaluate(() => 'axe' in window))) await p.evaluate(await readFile(AXE, 'utf8'));
  const violations = await p.evaluate(async () => {
    const w = window as unknown as {
      axe: { run(ctx: unknown, o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
    };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join(', ')}`,
      );
  });
  assert.deepEqual(violations, [], `axe on ${where}`);
}

/** The whole page, but for the lists: their first screen (50 rows make a very tall picture). */
export async function screenshot(p: Page, name: string, fullPage = true): Promise<void> {
  await p.waitForTimeout(150); // charts draw on the next frame
  await p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
}

/** A real pointer click on bar `index` of a chart (the canvas keeps its Chart.js instance for this). */
export async function clickBar(p: Page, chart: string, index: number, dataset = 0): Promise<{ label: string; value: number }> {
  // The chart is made in an effect after the canvas appears: wait for it, and for a frame.
  await p.waitForFunction(
    (id) => (document.querySelector(`[data-chart=${id}] canvas`) as unknown as { amrChart?: object } | null)?.amrChart !== undefined,
    chart,
  );
  await p.evaluate(
    () =>
      new Promise((resolve) => {
        (globalThis as unknown as { requestAnimationFrame(f: (t: number) => void): void }).requestAnimationFrame(resolve);
      }),
  );
  const bar = await p.evaluate(
    ([id, i, d]) => {
      const canvas = document.querySelector(`[data-chart=${id}] canvas`) as unknown as BrowserElement & {
        amrChart: {
          getDatasetMeta(n: number): { data: { getCenterPoint(): { x: number; y: number } }[] };
          data: { labels: string[]; datasets: { data: number[] }[] };
        };
      };
      canvas.scrollIntoView({ block: 'center' });
      const point = canvas.amrChart.getDatasetMeta(d).data[i]!.getCenterPoint();
      const box = canvas.getBoundingClientRect();
      return { x: box.left + point.x, y: box.top + point.y, label: canvas.amrChart.data.labels[i]!, value: canvas.amrChart.data.datasets[d]!.data[i]! };
    },
    [chart, index, dataset] as const,
  );
  await p.mouse.click(bar.x, bar.y);
  return { label: bar.label, value: bar.value };
}
