// Black-box: the dashboard's Tenants page (issue 15 item 5, decision 0098) in Debian's chromium,
// against the built server as its own process with two tenants (the seeded demo and the protection
// test tenant), AMR_ADMIN_KEY and AMR_OPERATOR_GROUPS. Every number on the page is checked against
// GET /amr/v1/tenants/overview read directly; sorting by each column, paging by "Load more", the
// 403 of a sign-in that is not an operator's (and the admin key offered there), a refused key, an
// operator group's token, keyboard use, where the key is (and is not) kept, and axe-core.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AMR, serveBuilt, type BuiltServer } from '../test-support/built-server.js';
import { PROTECTION_TENANT, protectionSnapshot, protectionTenant } from '../test-support/protection-tenant.js';
import { testDatabaseFile } from '../test-support/test-db.js';

/** The browser's globals as the functions given to page.evaluate use them (the server's build has no DOM types). */
interface BrowserElement {
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
}
declare const document: {
  querySelectorAll(selector: string): Iterable<BrowserElement>;
  readonly activeElement: BrowserElement | null;
  readonly documentElement: { readonly outerHTML: string; readonly scrollWidth: number };
};
declare const window: object;
declare const location: { readonly href: string };
declare const localStorage: object;
declare const sessionStorage: { getItem(key: string): string | null };

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(ROOT, 'scratch', 'screenshots');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** node.md: headless as root, and no background connections on a closed network. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ADMIN_KEY = 'tenants-page-admin-key-0123456789';
const OPERATORS = '0b0b0b0b-1111-4222-8333-944444444444';
const OVERVIEW = '/amr/v1/tenants/overview';

const missing = !existsSync(CHROMIUM);
const skip = missing && !process.env.CI ? `chromium is not installed (${CHROMIUM}); install it with: apt-get install -y chromium` : false;

interface Line {
  tenantId: string;
  displayName: string | null;
  capturedDateTime: string | null;
  openAlertCount: number;
  totalUserCount: number | null;
  counts: Record<string, number> | null;
  coverage: Record<string, number | null> | null;
  trend: { change: Record<string, number | null> } | null;
}

/** Each column's number in the overview's JSON, under the data-col the page writes. */
const NUMBERS: Readonly<Record<string, (l: Line) => number | null>> = {
  users: (l) => l.totalUserCount,
  mfaCapable: (l) => l.coverage?.['mfaCapable'] ?? null,
  phishingResistant: (l) => l.coverage?.['phishingResistant'] ?? null,
  weakMfaOnly: (l) => l.counts?.['weakMfaOnly'] ?? null,
  staleMethodUsers: (l) => l.counts?.['staleMethodUsers'] ?? null,
  adminsWithoutPhishingResistant: (l) => l.counts?.['adminsWithoutPhishingResistant'] ?? null,
  openAlerts: (l) => l.openAlertCount,
  trend: (l) => l.trend?.change['phishingResistant'] ?? null,
};
/** What each sortable column sorts by: the numbers above, the name and the capture time. */
const SORTS: Readonly<Record<string, (l: Line) => string | number | null>> = {
  name: (l) => (l.displayName ?? l.tenantId).toLowerCase(),
  ...NUMBERS,
  captured: (l) => l.capturedDateTime,
};

/** The order the page should show: nulls last either way, ties in the server's (tenant id) order. */
function expectedOrder(lines: readonly Line[], by: string, descending: boolean): string[] {
  const key = SORTS[by]!;
  return lines
    .map((l, i) => ({ l, i, v: key(l) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
      const c = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : String(a.v).localeCompare(String(b.v));
      return c === 0 ? a.i - b.i : descending ? -c : c;
    })
    .map((x) => x.l.tenantId);
}

async function printedDashboard(server: BuiltServer): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const m = /amr: dashboard (\S+)/.exec(server.stderr());
    if (m) return m[1]!;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the server printed no dashboard link: ${server.stderr()}`);
}

describe('dashboard Tenants page in chromium', { skip }, () => {
  let dir: string;
  let server: BuiltServer;
  let dashboard: string;
  let browser: Browser;
  let context: BrowserContext;
  let demoTenant: string;
  let operatorToken: string;
  let lines: Line[];
  const pageErrors: string[] = [];
  /** Every overview request the page made: its URL and the credential headers it carried. */
  const overviewRequests: { url: string; key: string | undefined; bearer: boolean }[] = [];

  async function newPage(options: { width?: number; scheme?: 'light' | 'dark' } = {}): Promise<Page> {
    context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 }, colorScheme: options.scheme ?? 'light', locale: 'en-US' });
    context.setDefaultTimeout(15_000);
    const p = await context.newPage();
    p.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    p.on('console', (m) => {
      if (m.type() === 'error' && !/401|403|Unauthorized|Forbidden/.test(m.text())) pageErrors.push(`console: ${m.text()}`);
    });
    p.on('request', (r) => {
      if (r.url().includes(OVERVIEW)) {
        const h = r.headers();
        overviewRequests.push({ url: r.url(), key: h['x-amr-admin-key'], bearer: (h['authorization'] ?? '').startsWith('Bearer ') });
      }
    });
    return p;
  }

  async function axe(p: Page, where: string): Promise<void> {
    // Through the DevTools protocol, which the page's CSP does not govern (a <script> tag would be refused).
    if (!(await p.evaluate(() => 'axe' in window))) await p.evaluate(await readFile(AXE, 'utf8'));
    const violations = await p.evaluate(async () => {
      const w = window as unknown as {
        axe: { run(ctx: unknown, o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
      };
      const r = await w.axe.run(document, { resultTypes: ['violations'] });
      return r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    assert.deepEqual(violations, [], `axe on ${where}`);
  }

  /** The tenant ids in the table's order. */
  const shownOrder = (p: Page): Promise<string[]> =>
    p.evaluate(() => [...document.querySelectorAll('table.list tbody [data-tenant]')].map((e) => e.getAttribute('data-tenant')!));

  async function tenantCount(p: Page, n: number): Promise<void> {
    await p.locator(`[data-testid=tenant-count][data-count="${n}"]`).waitFor();
    await p
      .locator('table.list tbody tr')
      .nth(n - 1)
      .waitFor();
  }

  /** Whether the key is anywhere but sessionStorage: the address, the markup, localStorage. */
  const keyLeaks = (p: Page) =>
    p.evaluate(
      (k) => ({
        address: location.href.includes(k),
        markup: document.documentElement.outerHTML.includes(k),
        local: JSON.stringify(localStorage).includes(k),
        session: sessionStorage.getItem('amr.adminKey') === k,
      }),
      ADMIN_KEY,
    );

  async function signInDemo(p: Page): Promise<void> {
    await p.goto(dashboard);
    await p.getByLabel('Tenant').selectOption(demoTenant);
    await p.getByRole('button', { name: 'Sign in to the demo' }).click();
    await p.getByTestId('identity').waitFor();
  }

  before(async () => {
    assert.ok(!missing, `chromium is not installed (${CHROMIUM}): .ci/run installs it with apt-get install -y chromium`);
    dir = await mkdtemp(join(tmpdir(), 'amr-tenants-'));
    await mkdir(SHOTS, { recursive: true });
    const db = await testDatabaseFile(dir);
    await run(process.execPath, [AMR, 'seed', '--users', '300', '--seed', 'tenants-page', '--db', db]);
    const second = join(dir, 'protection.ndjson');
    await writeFile(second, protectionSnapshot(protectionTenant(7)));
    await run(process.execPath, [AMR, 'import', '--db', db, second]);
    const ids: string[] = (await run(process.execPath, [AMR, 'tenants', '--db', db])).stdout.match(/[0-9a-f]{8}-[0-9a-f-]{27}/g) ?? [];
    demoTenant = ids.find((id) => id !== PROTECTION_TENANT)!;
    assert.ok(demoTenant !== undefined && ids.includes(PROTECTION_TENANT), `two tenants: ${ids.join(', ')}`);
    operatorToken = (await run(process.execPath, [AMR, 'token', '--db', db, '--tenant', demoTenant, '--groups', OPERATORS])).stdout.trim();
    server = await serveBuilt(db, { env: { AMR_AUTH_MODE: 'dev', AMR_ADMIN_KEY: ADMIN_KEY, AMR_OPERATOR_GROUPS: OPERATORS } });
    dashboard = await printedDashboard(server);
    const r = await fetch(`${server.url}${OVERVIEW}`, { headers: { 'X-Amr-Admin-Key': ADMIN_KEY } });
    assert.equal(r.status, 200);
    lines = ((await r.json()) as { value: Line[] }).value;
    assert.equal(lines.length, 2);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  });

  after(async () => {
    await browser?.close();
    server?.process.kill('SIGTERM');
    if (dir) await rm(dir, { recursive: true, force: true });
    assert.deepEqual(pageErrors, [], 'no script error or CSP violation');
  });

  test('signed out, the admin key typed and sent with Enter: both tenants, every number as the overview answers it', async () => {
    const p = await newPage();
    await p.goto(`${server.url}/#/tenants`);
    const refused = p.getByTestId('tenants-refused');
    await refused.waitFor();
    assert.match(await refused.innerText(), /for operators[\s\S]*AMR_ADMIN_KEY[\s\S]*groups[\s\S]*AMR_OPERATOR_GROUPS/);
    await axe(p, 'the Tenants page signed out');
    await p.getByLabel('Admin key').fill(ADMIN_KEY);
    await p.getByLabel('Admin key').press('Enter');
    await tenantCount(p, 2);
    assert.equal(await p.getByTestId('tenants-refused').count(), 0);
    for (const line of lines) {
      const row = p.locator('table.list tbody tr').filter({ has: p.locator(`[data-tenant="${line.tenantId}"]`) });
      assert.equal(await row.locator('[data-tenant]').innerText(), line.displayName ?? line.tenantId);
      for (const [col, number] of Object.entries(NUMBERS)) {
        const cell = row.locator(`[data-col=${col}]`);
        const want = number(line);
        if (want === null) {
          assert.equal(await cell.count(), 0, `${line.tenantId} ${col}: no number`);
          continue;
        }
        assert.equal(Number(await cell.getAttribute('data-value')), want, `${line.tenantId} ${col}`);
        // What the eye reads is the same number (en-US: 1,234 / 87.5% / ▲ 2.5 pts).
        assert.equal(Number((await cell.innerText()).replace(/[^\d.]/g, '')), Math.abs(want), `${line.tenantId} ${col} as shown`);
      }
    }
    assert.deepEqual(await shownOrder(p), expectedOrder(lines, 'name', false), 'by name at first');
    assert.deepEqual(await keyLeaks(p), { address: false, markup: false, local: false, session: true });
    assert.ok(overviewRequests.length > 0 && overviewRequests.every((r) => r.key === ADMIN_KEY && !r.url.includes(ADMIN_KEY)));
    await axe(p, 'the Tenants table');
    await p.screenshot({ path: join(SHOTS, 'tenants-1280-light.png'), fullPage: true });
    // A reload in the same tab keeps the key (sessionStorage); "Forget" drops it.
    await p.reload();
    await tenantCount(p, 2);
    await p.getByRole('button', { name: 'Forget the admin key' }).click();
    await p.getByTestId('tenants-refused').waitFor();
    assert.equal((await keyLeaks(p)).session, false);
    await context.close();
  });

  test('sorting by each column, both ways, with aria-sort on the header; by keyboard too', async () => {
    const p = await newPage();
    await p.goto(`${server.url}/#/tenants`);
    await p.getByLabel('Admin key').fill(ADMIN_KEY);
    await p.getByRole('button', { name: 'Show the tenants' }).click();
    await tenantCount(p, 2);
    const headers = await p.evaluate(() => [...document.querySelectorAll('table.list thead button.sort')].map((b) => b.textContent ?? ''));
    assert.equal(headers.length, Object.keys(SORTS).length, 'every column sorts');
    for (const [i, by] of Object.keys(SORTS).entries()) {
      const button = p.locator('table.list thead button.sort').nth(i);
      const th = p.locator('table.list thead th').nth(i);
      // "Tenant" is the order the page opened in: its first click turns it round.
      const first = by === 'name' ? [true, false] : [false, true];
      for (const descending of first) {
        if (i % 2 === 0) await button.click();
        else {
          await button.focus();
          await p.keyboard.press('Enter');
        }
        await p.waitForFunction(([n, d]) => [...document.querySelectorAll('table.list thead th')][n]?.getAttribute('aria-sort') === d, [
          i,
          descending ? 'descending' : 'ascending',
        ] as const);
        assert.equal(await th.getAttribute('aria-sort'), descending ? 'descending' : 'ascending');
        assert.deepEqual(await shownOrder(p), expectedOrder(lines, by, descending), `${by} ${descending ? 'descending' : 'ascending'}`);
      }
    }
    // The sort is in the address (a link keeps it), the key is not.
    assert.match(p.url(), /#\/tenants\?sort=captured&desc=1$/);
    await context.close();
  });

  test('paged by the server: one tenant a page, "Load more" follows the nextLink', async () => {
    const p = await newPage();
    // The page asks for 50 a page; one a page here, so that two tenants take two pages.
    await p.route(`**${OVERVIEW}?*`, (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set('$top', '1');
      return route.continue({ url: url.href });
    });
    await p.goto(`${server.url}/#/tenants`);
    await p.getByLabel('Admin key').fill(ADMIN_KEY);
    await p.getByLabel('Admin key').press('Enter');
    await tenantCount(p, 1);
    assert.match(await p.getByTestId('tenant-count').innerText(), /1 tenant loaded; more to load/);
    assert.deepEqual(await shownOrder(p), [lines[0]!.tenantId]);
    await p.getByRole('button', { name: 'Load more tenants' }).click();
    await tenantCount(p, 2);
    assert.deepEqual(await shownOrder(p), expectedOrder(lines, 'name', false));
    assert.equal(await p.getByRole('button', { name: 'Load more tenants' }).count(), 0);
    assert.ok(
      overviewRequests.some((r) => r.url.includes('%24skiptoken=') || r.url.includes('$skiptoken=')),
      'the nextLink was followed',
    );
    await context.close();
  });

  test('a demo sign-in is not an operator: the 403 says what makes one; a wrong key is refused and forgotten; the right one works', async () => {
    const p = await newPage();
    await signInDemo(p);
    await p.getByRole('navigation').getByRole('link', { name: 'Tenants' }).click();
    const refused = p.getByTestId('tenants-refused');
    await refused.waitFor();
    const text = await refused.innerText();
    assert.match(text, /not an operator’s/);
    assert.match(text, /groups claim holds none of the groups in AMR_OPERATOR_GROUPS/, "the server's message");
    assert.match(text, /admin key[\s\S]*AMR_ADMIN_KEY[\s\S]*AMR_OPERATOR_GROUPS[\s\S]*amr token --groups/);
    assert.equal(await p.getByRole('navigation').getByRole('link', { name: 'Tenants' }).getAttribute('aria-current'), 'page');
    await axe(p, 'the 403 of a non-operator sign-in');
    await p.screenshot({ path: join(SHOTS, 'tenants-refused-1280-light.png'), fullPage: true });
    await p.getByLabel('Admin key').fill('not-the-admin-key-0123456789');
    await p.getByLabel('Admin key').press('Enter');
    const wrong = p.getByTestId('key-refused');
    await wrong.waitFor();
    assert.match(await wrong.innerText(), /did not accept that admin key/);
    await p.getByTestId('tenants-refused').waitFor(); // back to the token, refused again, and the form
    assert.equal(await p.evaluate(() => sessionStorage.getItem('amr.adminKey')), null);
    await p.getByLabel('Admin key').fill(ADMIN_KEY);
    await p.getByLabel('Admin key').press('Enter');
    await tenantCount(p, 2);
    assert.equal(await p.getByTestId('identity').count(), 1, 'still signed in');
    await context.close();
  });

  test("an operator group's token: the table without a key, reached by keyboard; axe at phone width, dark", async () => {
    const p = await newPage({ width: 390, scheme: 'dark' });
    await p.goto(server.url);
    await p.getByLabel('Access token').fill(operatorToken);
    await p.getByRole('button', { name: 'Use this token' }).click();
    await p.getByTestId('identity').waitFor();
    const before = overviewRequests.length;
    // Tab to the Tenants link and follow it with Enter.
    let found = false;
    for (let i = 0; i < 30 && !found; i++) {
      await p.keyboard.press('Tab');
      found = (await p.evaluate(() => document.activeElement?.textContent ?? '')) === 'Tenants';
    }
    assert.ok(found, 'the Tenants link is reachable by Tab');
    await p.keyboard.press('Enter');
    await tenantCount(p, 2);
    assert.equal(await p.getByTestId('tenants-refused').count(), 0);
    assert.equal(await p.getByTestId('key-in-use').count(), 0);
    const mine = overviewRequests.slice(before);
    assert.ok(mine.length > 0 && mine.every((r) => r.bearer && r.key === undefined), 'the bearer token, no key');
    // The table scrolls inside its region; the page itself does not scroll sideways.
    assert.ok((await p.evaluate(() => document.documentElement.scrollWidth)) <= 390, 'no sideways page scroll at 390 px');
    await axe(p, 'the Tenants table at 390 px, dark');
    await p.screenshot({ path: join(SHOTS, 'tenants-390-dark.png'), fullPage: true });
    await context.close();
  });
});
