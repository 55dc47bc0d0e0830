// Black-box: the dashboard in a real browser (Debian's chromium driven by playwright-core) against
// the built server as its own process, seeded by the built CLI. Every number the page shows is
// checked against the Graph API; drill-downs, paging, search, sort, CSV export, tabs and windows,
// error states, keyboard use and axe-core's accessibility rules; the demo sign-in through the link
// the server prints (its sign-in code out of the address, kept for the tab); screenshots of every view at
// 1280 px and phone width, light and dark, go to scratch/screenshots/ (and docs/screenshots/ with
// AMR_UPDATE_SCREENSHOTS=1). Without chromium it skips, except in CI, where it fails.
// Over 400 lines on purpose: every view shares one browser, one built server and one seeded
// database, which take most of the suite's time to start; split files would start them again.
import { after, before, describe, test } from 'node:test';
import { AMR } from '../test-support/built-server.js';
import { testDatabaseFile } from '../test-support/test-db.js';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import * as harness from './dashboard-harness.js';
import { CHROMIUM, CHROMIUM_ARGS, SHOTS, axe, clickBar, go, listCount, missing, screenshot, skip, startServer, type Server } from './dashboard-harness.js';

/**
 * The browser's globals as the functions given to page.evaluate use them: declared in this module
 * only, so that the server's build keeps no DOM types.
 */
interface BrowserElement {
  readonly textContent: string | null;
  readonly id: string;
  readonly value?: string;
  scrollIntoView(options: object): void;
  getBoundingClientRect(): { readonly left: number; readonly top: number };
  getAttribute(name: string): string | null;
  querySelector(selector: string): BrowserElement | null;
  querySelectorAll(selector: string): Iterable<BrowserElement>;
}
declare const document: {
  querySelector(selector: string): BrowserElement | null;
  querySelectorAll(selector: string): Iterable<BrowserElement>;
  readonly activeElement: BrowserElement | null;
};
declare const location: { hash: string; readonly href: string };
declare const localStorage: object;
declare const sessionStorage: { getItem(key: string): string | null };

const run = promisify(execFile);
const ROOT = harness.ROOT;
const DOC_SHOTS = join(ROOT, 'docs', 'screenshots');
/** More than one export page (1,000 rows), so the CSV export has to follow a nextLink. */
const USERS = 1200;
const FREE_TENANT_NAME = 'Fabrikam (free licence)';
const QUIET_TENANT_NAME = 'Northwind (no logs yet)';
const API = '/beta/reports/authenticationMethods';

/** The screenshots the README links (docs/screenshots/), refreshed with AMR_UPDATE_SCREENSHOTS=1. */
const DOC_SHOT_NAMES = [
  'sign-in-1280-light',
  'registration-1280-light',
  'registration-1280-dark',
  'usage-1280-light',
  'usage-1280-dark',
  'users-1280-light',
  'events-1280-light',
  'registration-390-light',
  'usage-390-dark',
  'trends-1280-light',
  'trends-1280-dark',
];

/** The code in a printed link (`…/#signin=CODE`). */
const codeOf = (server: Server): string => new URL(server.dashboard).hash.replace(/^#signin=/, '');
/** A token anywhere: a JWT's header and payload (`eyJ…` is `{"…` in base64url). */
const JWT = String.raw`eyJ[\w-]+\.eyJ[\w-]+`;

const digits = (text: string | null): number => Number((text ?? '').replace(/[^\d]/g, ''));

describe('dashboard in chromium', { skip }, () => {
  let dir: string;
  // The main server's database (--db): a SQLite file in dir, or a PostgreSQL URL.
  let db: string;
  let server: Server;
  let emptyServer: Server;
  let proxiedServer: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let token: string;
  let tenantId: string;
  const pageErrors: string[] = [];

  /** The same request the page makes, made by the test with its own token. */
  async function api<T>(path: string): Promise<T> {
    const r = await fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${token}`, Prefer: 'include-unknown-enum-members' } });
    assert.equal(r.status, 200, `${path}: ${await r.clone().text()}`);
    return (r.headers.get('content-type') ?? '').startsWith('text/plain') ? (Number(await r.text()) as T) : ((await r.json()) as T);
  }
  const count = (filter: string | null) =>
    api<number>(`${API}/userRegistrationDetails/$count${filter === null ? '' : `?$filter=${encodeURIComponent(filter)}`}`);

  async function newPage(options: harness.PageOptions = {}): Promise<Page> {
    let p: Page;
    ({ context, page: p } = await harness.openPage(browser, pageErrors, options));
    return p;
  }
  const signIn = (p: Page, tenantName = 'Contoso'): Promise<void> => harness.signIn(p, server, tenantName);

  before(async () => {
    assert.ok(!missing, `chromium is not installed (${CHROMIUM}): .ci/run installs it with apt-get install -y chromium`);
    dir = await mkdtemp(join(tmpdir(), 'amr-dashboard-'));
    await mkdir(SHOTS, { recursive: true });
    db = await testDatabaseFile(dir);
    // History for the Trends tab: the same tenant 20 and 9 days ago, with fewer methods registered
    // (snapshots captured then), before the seed lands today's state.
    const earlier = join(dir, 'earlier.json');
    await run(process.execPath, [AMR, 'seed', '--users', String(USERS), '--seed', 'dashboard', '--out', earlier]);
    const base = JSON.parse(await readFile(earlier, 'utf8')) as {
      capturedDateTime: string;
      users: { authentication: { methods: { '@odata.type': string }[] } }[];
    };
    for (const [daysAgo, stripped] of [
      [20, 5],
      [9, 2],
    ] as const) {
      const copy = structuredClone(base);
      copy.capturedDateTime = new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10) + 'T09:00:00Z';
      copy.users.forEach((u, i) => {
        if (i % 10 < stripped) u.authentication.methods = u.authentication.methods.filter((m) => m['@odata.type'].includes('password'));
      });
      const file = join(dir, `earlier-${daysAgo}.json`);
      await writeFile(file, JSON.stringify(copy));
      await run(process.execPath, [AMR, 'import', '--db', db, file]);
    }
    await run(process.execPath, [AMR, 'seed', '--users', String(USERS), '--seed', 'dashboard', '--db', db, '--no-history']);
    tenantId = (await run(process.execPath, [AMR, 'tenants', '--db', db])).stdout.trim().split(/\s+/)[0]!;
    // A second tenant whose licence is free: Graph's 403 for it, and the page's explanation.
    const free = join(dir, 'free.json');
    await run(process.execPath, [AMR, 'seed', '--users', '30', '--seed', 'free-tenant', '--out', free]);
    const snapshot = JSON.parse(await readFile(free, 'utf8')) as { tenant: { license: string; displayName: string } };
    snapshot.tenant.license = 'free';
    snapshot.tenant.displayName = FREE_TENANT_NAME;
    await writeFile(free, JSON.stringify(snapshot));
    await run(process.execPath, [AMR, 'import', '--db', db, free]);
    // A third, with a snapshot but no logs yet (a snapshot file carries no activity).
    const quiet = join(dir, 'quiet.json');
    await run(process.execPath, [AMR, 'seed', '--users', '20', '--seed', 'quiet-tenant', '--out', quiet]);
    const quietSnapshot = JSON.parse(await readFile(quiet, 'utf8')) as { tenant: { displayName: string } };
    quietSnapshot.tenant.displayName = QUIET_TENANT_NAME;
    await writeFile(quiet, JSON.stringify(quietSnapshot));
    await run(process.execPath, [AMR, 'import', '--db', db, quiet]);
    token = (await run(process.execPath, [AMR, 'token', '--db', db, '--tenant', tenantId])).stdout.trim();
    server = await startServer(db);
    emptyServer = await startServer(await testDatabaseFile(dir, 'empty.db'));
    // Told it is behind a proxy (AMR_TRUST_PROXY): no sign-in code, no demo sign-in.
    proxiedServer = await startServer(await testDatabaseFile(dir, 'proxied.db'), { AMR_TRUST_PROXY: 'loopback' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    page = await newPage();
  });

  after(async () => {
    await browser?.close();
    server?.process.kill('SIGTERM');
    emptyServer?.process.kill('SIGTERM');
    proxiedServer?.process.kill('SIGTERM');
    if (dir) await rm(dir, { recursive: true, force: true });
    if (process.env.AMR_UPDATE_SCREENSHOTS === '1' && existsSync(SHOTS)) {
      await mkdir(DOC_SHOTS, { recursive: true });
      for (const name of DOC_SHOT_NAMES) await copyFile(join(SHOTS, `${name}.png`), join(DOC_SHOTS, `${name}.png`));
    }
  });

  test('an empty database: the sign-in page says to import data or seed a demo tenant', async () => {
    const p = await newPage();
    await p.goto(emptyServer.dashboard);
    const empty = p.getByTestId('no-tenant');
    await empty.waitFor();
    assert.match(await empty.innerText(), /No data imported yet[\s\S]*npx amr seed[\s\S]*npx amr import/);
    await axe(p, 'the empty sign-in page');
    await screenshot(p, 'sign-in-empty-1280-light');
    await context.close();
  });

  test("the server prints the dashboard link with this run's sign-in code in its fragment", () => {
    assert.match(server.dashboard, new RegExp(`^${server.url.replace(/\./g, '\\.')}/#signin=[A-Za-z0-9_-]{16,}$`));
    assert.notEqual(codeOf(server), codeOf(emptyServer), 'a code per run');
    assert.equal(proxiedServer.dashboard, `${proxiedServer.url}/`, 'behind a proxy: no code');
  });

  test('the bare address: no demo sign-in, a note saying to open the printed link', async () => {
    const p = await newPage();
    await p.goto(server.url);
    const note = p.getByTestId('sign-in-code-note');
    await note.waitFor();
    assert.match(
      await note.innerText(),
      /open the dashboard link that amr serve or npm start printed[\s\S]*#signin=[\s\S]*restart prints a new one[\s\S]*npx amr token/,
    );
    assert.doesNotMatch(await note.innerText(), /not this run/);
    assert.equal(await p.getByRole('button', { name: 'Sign in to the demo' }).count(), 0);
    await p.getByLabel('Access token').waitFor();
    await axe(p, 'the sign-in page without a code');
    await screenshot(p, 'sign-in-no-code-1280-light');
    await context.close();
    const phone = await newPage({ width: 390, scheme: 'dark' });
    await phone.goto(server.url);
    await phone.getByTestId('sign-in-code-note').waitFor();
    await axe(phone, 'the sign-in page without a code at 390 px, dark');
    await screenshot(phone, 'sign-in-no-code-390-dark');
    await context.close();
  });

  test('the printed link: the code leaves the address at once, stays for the tab, signs in after a reload', async () => {
    const p = await newPage();
    const code = codeOf(server);
    await p.goto(server.dashboard);
    await p.getByRole('button', { name: 'Sign in to the demo' }).waitFor();
    assert.equal(p.url(), `${server.url}/`, 'no code in the address');
    const leaks = () =>
      p.evaluate((c) => {
        const html = (document.querySelector('html') as unknown as { outerHTML: string }).outerHTML;
        return {
          page: html.includes(c),
          address: location.href.includes(c) || location.href.includes('signin'),
          stored: sessionStorage.getItem('amr.signInCode') === c,
        };
      }, code);
    assert.deepEqual(await leaks(), { page: false, address: false, stored: true });
    await p.reload();
    await p.getByRole('button', { name: 'Sign in to the demo' }).waitFor();
    await p.getByLabel('Tenant').selectOption(tenantId);
    await p.getByRole('button', { name: 'Sign in to the demo' }).click();
    await p.getByTestId('identity').waitFor();
    await p.locator('[data-tile=mfa] .big').waitFor();
    assert.deepEqual(await leaks(), { page: false, address: false, stored: true });
    // Pasted into the address bar of a tab already open (only the hash changes), with a route: the
    // code is taken, the route kept, and the code is in none of the links the page writes.
    await p.evaluate((c) => {
      location.hash = `#/usage?period=d7&signin=${c}`;
    }, code);
    await p.locator('[data-chart=requirement]').waitFor();
    assert.equal(p.url(), `${server.url}/#/usage?period=d7`);
    assert.deepEqual(await leaks(), { page: false, address: false, stored: true });
    assert.equal(
      await p.evaluate((jwt) => new RegExp(jwt).test(JSON.stringify(sessionStorage) + JSON.stringify(localStorage)), JWT),
      false,
      'no token in storage',
    );
    await context.close();
  });

  test('a wrong code (a link from an earlier run): the note says so, and the code is forgotten', async () => {
    const p = await newPage();
    await p.goto(`${server.url}/#signin=an-earlier-runs-code`);
    const note = p.getByTestId('sign-in-code-note');
    await note.waitFor();
    assert.match(await note.innerText(), /not this run’s[\s\S]*open the dashboard link/);
    assert.equal(await p.getByRole('button', { name: 'Sign in to the demo' }).count(), 0);
    assert.equal(p.url(), `${server.url}/`);
    assert.equal(await p.evaluate(() => sessionStorage.getItem('amr.signInCode')), null);
    await axe(p, 'the sign-in page with a wrong code');
    await context.close();
  });

  test('amr refuses the code at the button (restarted meanwhile): its message shows and the code is forgotten', async () => {
    const p = await newPage();
    await p.goto(server.dashboard);
    // The page has this run's code; the sign-in request carries another run's, as after a restart.
    await p.route('**/dashboard/dev-sign-in', (route) =>
      route.continue({
        postData: JSON.stringify({ ...(route.request().postDataJSON() as object), code: codeOf(emptyServer) }),
      }),
    );
    await p.getByLabel('Tenant').selectOption(tenantId);
    await p.getByRole('button', { name: 'Sign in to the demo' }).click();
    const alert = p.getByRole('alert').filter({ hasText: 'needs the code in the dashboard link' });
    await alert.waitFor();
    assert.match(await alert.innerText(), /#signin=[\s\S]*A restart prints a new one/);
    await p.getByTestId('sign-in-code-note').waitFor();
    assert.equal(await p.getByRole('button', { name: 'Sign in to the demo' }).count(), 0);
    assert.equal(await p.evaluate(() => sessionStorage.getItem('amr.signInCode')), null);
    await axe(p, 'the refused code');
    await screenshot(p, 'sign-in-refused-code-1280-light');
    await context.close();
  });

  test('behind a proxy: the page says the demo sign-in is off there, and offers the pasted token', async () => {
    const p = await newPage();
    await p.goto(`${proxiedServer.url}/#signin=${codeOf(server)}`);
    const note = p.getByTestId('proxy-note');
    await note.waitFor();
    assert.match(await note.innerText(), /off: amr runs behind a proxy[\s\S]*AMR_TRUST_PROXY[\s\S]*npx amr token/);
    assert.equal(await p.getByRole('button', { name: 'Sign in to the demo' }).count(), 0);
    await p.getByLabel('Access token').waitFor();
    await axe(p, 'the sign-in page behind a proxy');
    await context.close();
  });

  test('the demo sign-in shows the tenant and the identity; the sign-in page passes axe', async () => {
    await page.goto(server.dashboard);
    await page.getByRole('button', { name: 'Sign in to the demo' }).waitFor();
    await axe(page, 'the sign-in page');
    await page.getByLabel('Tenant').selectOption(tenantId);
    await screenshot(page, 'sign-in-1280-light');
    await signIn(page);
    assert.match(await page.getByTestId('tenant').innerText(), new RegExp(`Contoso.*${tenantId}`));
    assert.match(await page.getByTestId('identity').innerText(), /reports\.reader@amr\.local \(demo\), until/);
    // The tab keeps the sign-in code (not a token) in sessionStorage; no token anywhere.
    assert.equal(
      await page.evaluate((jwt) => new RegExp(jwt).test(JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + location.href), JWT),
      false,
      'the token is in memory only',
    );
  });

  for (const [type, role] of [
    ['all', 'all'],
    ['member', 'admin'],
    ['guest', 'all'],
    ['all', 'user'],
  ] as const) {
    test(`tiles for userType=${type}, role=${role} are the API's numbers`, async () => {
      await go(page, `#/registration?type=${type}&role=${role}`, '[data-tile=mfa] .big');
      const f = await api<{ totalUserCount: number; userRegistrationFeatureCounts: { feature: string; userCount: number }[] }>(
        `/v1.0/reports/authenticationMethods/usersRegisteredByFeature(includedUserTypes='${type}',includedUserRoles='${role}')`,
      );
      const n = (feature: string) => f.userRegistrationFeatureCounts.find((c) => c.feature === feature)!.userCount;
      await page.waitForFunction(
        (expected) => document.querySelector('[data-tile=mfa] .of')?.textContent?.includes(expected),
        f.totalUserCount.toLocaleString('en-US'),
      );
      const tile = async (id: string) => digits(await page.locator(`[data-tile=${id}] .big`).innerText());
      const part = async (id: string, flag: string) => digits(await page.locator(`[data-tile=${id}] [data-part=${flag}] a`).innerText());
      assert.equal(await tile('mfa'), n('mfaCapable'));
      assert.equal(await tile('passwordless'), n('passwordlessCapable'));
      assert.equal(await tile('sspr'), n('ssprCapable'));
      assert.equal(await part('sspr', 'isSsprRegistered'), n('ssprRegistered'));
      assert.equal(await part('sspr', 'isSsprEnabled'), n('ssprEnabled'));
      const segment = [type === 'all' ? null : `userType eq '${type}'`, role === 'all' ? null : `isAdmin eq ${role !== 'user'}`].filter((c) => c !== null);
      assert.equal(await part('mfa', 'isMfaRegistered'), await count([...segment, 'isMfaRegistered eq true'].join(' and ')));
    });
  }

  test('a tile opens the user list filtered to exactly its users', async () => {
    await go(page, '#/registration?type=member&role=admin', '[data-tile=mfa] .big');
    await page.waitForFunction(() => document.querySelector('select')?.value === 'member');
    const tileCount = digits(await page.locator('[data-tile=sspr] [data-part=isSsprEnabled] a').innerText());
    await page.locator('[data-tile=sspr] [data-part=isSsprEnabled] a').click();
    assert.equal(await listCount(page), tileCount);
    assert.equal(await page.getByTestId('filter').innerText(), "userType eq 'member' and isAdmin eq true and isSsprEnabled eq true");
    assert.equal(await count("userType eq 'member' and isAdmin eq true and isSsprEnabled eq true"), tileCount);
    const rows = await page.locator('table.list tbody tr').count();
    assert.equal(rows, Math.min(50, tileCount));
    // Every row shown is a member admin: the columns say so.
    const column = async (name: string) => {
      const index = await page
        .locator('table.list thead th')
        .evaluateAll((ths: BrowserElement[], n: string) => ths.findIndex((th) => th.textContent?.startsWith(n)), name);
      return page.locator(`table.list tbody tr td:nth-child(${index + 1})`).allInnerTexts();
    };
    assert.ok((await column('User type')).every((t) => t === 'member'));
    assert.ok((await column('Admin')).every((t) => t === 'Yes'));
    await axe(page, 'the user list');
  });

  test('a bar of users by method opens the list of exactly its users (a pointer click on the canvas)', async () => {
    await go(page, '#/registration', '[data-chart=methods] canvas');
    const bar = await clickBar(page, 'methods', 2);
    await page.waitForURL(/#\/users\?method=/);
    const method = new URL(page.url().replace('#/users', '')).searchParams.get('method')!;
    assert.equal(await listCount(page), bar.value);
    assert.equal(await count(`methodsRegistered/any(m:m eq '${method}')`), bar.value);
  });

  test('the user list pages over $skiptoken, searches by name or UPN and sorts', async () => {
    await go(page, '#/users', 'table.list tbody tr');
    const total = await listCount(page);
    assert.equal(total, await count(null));
    const first = await page.locator('table.list tbody tr td:nth-child(2)').allInnerTexts();
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByTestId('list-status').filter({ hasText: 'showing 51–100' }).waitFor();
    const second = await page.locator('table.list tbody tr td:nth-child(2)').allInnerTexts();
    assert.equal(second.length, 50);
    assert.ok(second.every((upn) => !first.includes(upn)));
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByTestId('list-status').filter({ hasText: 'showing 1–50' }).waitFor();

    await page.getByLabel('Name or UPN starts with').fill('an');
    await page.waitForURL(/q=an/);
    const searched = "(startswith(userDisplayName,'an') or startswith(userPrincipalName,'an'))";
    await page.getByTestId('filter').filter({ hasText: searched }).waitFor();
    assert.equal(await listCount(page), await count(searched));

    await page.getByRole('button', { name: /User principal name/ }).click();
    await page.getByRole('button', { name: /User principal name/ }).click();
    await page.waitForURL(/desc=1/);
    await page.locator('th[aria-sort=descending]').waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid=list-status]')?.textContent?.includes('Loading'));
    const upns = await page.locator('table.list tbody tr td:nth-child(2)').allInnerTexts();
    assert.deepEqual(
      upns,
      [...upns].sort((a, b) => b.toLowerCase().localeCompare(a.toLowerCase(), 'en')),
      'UPNs descending',
    );
  });

  test('columns can be chosen, and the choice is kept', async () => {
    await go(page, '#/users', 'table.list tbody tr');
    await page.getByText(/^Columns \(/).click();
    await page.getByRole('checkbox', { name: 'Object id' }).check();
    await page.locator('table.list thead th', { hasText: 'Object id' }).waitFor();
    await page.getByRole('checkbox', { name: 'Object id' }).uncheck();
    await page.locator('table.list thead th', { hasText: 'Object id' }).waitFor({ state: 'detached' });
  });

  test('CSV export follows every page and writes exactly the filtered rows', async () => {
    for (const [hash, filter] of [
      ['#/users', null],
      ['#/users?isMfaCapable=false', 'isMfaCapable eq false'],
    ] as const) {
      await go(page, hash, 'table.list tbody tr');
      const expected = await count(filter);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
      const file = join(dir, `export-${filter === null ? 'all' : 'filtered'}.csv`);
      await download.saveAs(file);
      const lines = (await readFile(file, 'utf8'))
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .filter((l) => l !== '');
      assert.equal(lines.length - 1, expected, `${hash}: one line per user plus the header`);
      assert.match(lines[0]!, /^id,userPrincipalName,userDisplayName|^userDisplayName,userPrincipalName/);
      assert.equal(new Set(lines.slice(1)).size, expected, 'no row twice');
      await page
        .getByTestId('export-status')
        .filter({ hasText: `Exported ${expected.toLocaleString('en-US')} users` })
        .waitFor();
    }
  });

  test('a bar of recent registrations opens exactly its events; the events list pages and exports', async () => {
    await go(page, '#/registration', '[data-chart=recent-registrations] canvas');
    const activity = await api<{ value: { feature: string; authMethod: string; successfulActivityCount: number; failureActivityCount: number }[] }>(
      `${API}/userRegistrationActivity(period='d30')`,
    );
    const bar = await clickBar(page, 'recent-registrations', 0);
    await page.waitForURL(/#\/events\?/);
    const method = new URL(page.url().replace('#/events', '')).searchParams.get('method')!;
    const row = activity.value.find((r) => r.feature === 'registration' && r.authMethod === method)!;
    assert.equal(bar.value, row.successfulActivityCount);
    assert.equal(await listCount(page), row.successfulActivityCount);
    await axe(page, 'the events list');
    // The keyboard path to the same numbers: the chart's table, its links, Enter.
    await go(page, '#/usage', '[data-chart=resets-by-method]');
    await page.locator('[data-chart=resets-by-method] summary').focus();
    await page.keyboard.press('Enter');
    const link = page.locator('[data-chart=resets-by-method] table tbody tr:first-child td:nth-child(2) a');
    const resetCount = digits(await link.innerText());
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/events\?.*feature=reset/);
    assert.equal(await listCount(page), resetCount);
    // All events of 30 days: one export, every row.
    await go(page, '#/events', 'table.list tbody tr');
    const all = await listCount(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const file = join(dir, 'events.csv');
    await download.saveAs(file);
    const lines = (await readFile(file, 'utf8')).split('\r\n').filter((l) => l !== '');
    assert.equal(lines.length - 1, all);
  });

  test("the usage tab: each window shows the API's sign-ins by method", async () => {
    await go(page, '#/usage', '[data-chart=signins-by-method]');
    for (const period of ['d1', 'd7', 'd30'] as const) {
      await page.getByRole('radio', { name: { d1: 'Last 24 hours', d7: 'Last 7 days', d30: 'Last 30 days' }[period] }).check();
      const expected = (await api<{ value: { successActivityCount: number }[] }>(`${API}/userSignInsByAuthMethodSummary(period='${period}')`)).value.reduce(
        (sum, r) => sum + r.successActivityCount,
        0,
      );
      await page.waitForFunction((p) => location.hash === (p === 'd30' ? '#/usage' : `#/usage?period=${p}`), period);
      const table = page.locator('[data-chart=signins-by-method] table tbody td');
      await table.first().waitFor({ state: 'attached' });
      await page.waitForFunction(
        ([sum]) => {
          const cells = [...document.querySelectorAll('[data-chart=signins-by-method] table tbody td')];
          return cells.reduce((s, td) => s + Number((td.textContent ?? '').replace(/[^\d]/g, '')), 0) === sum;
        },
        [expected],
      );
      if (period === 'd7') await axe(page, 'the usage tab');
    }
  });

  interface HistoryDay {
    day: string;
    recorded: boolean;
    totalUserCount: number;
    features: Record<string, number>;
    methods: Record<string, number>;
  }
  const history = (days: number, type = 'all', role = 'all') =>
    api<{ from: string; value: HistoryDay[] }>(`/amr/v1/reports/registrationHistory?days=${days}&includedUserTypes=${type}&includedUserRoles=${role}`);
  /** The coverage table's rows (newest first) as the page shows them: day, recorded, users and each feature's count. */
  const coverageRows = (p: Page) =>
    p.locator('[data-chart=coverage] table tbody tr').evaluateAll((trs: BrowserElement[]) =>
      trs.map((tr) => ({
        day: tr.getAttribute('data-day'),
        recorded: tr.getAttribute('data-recorded') === 'true',
        users: Number(tr.querySelector('td')!.getAttribute('data-count')),
        features: Object.fromEntries(
          [...tr.querySelectorAll('td[data-feature]')].map((td) => [String(td.getAttribute('data-feature')), Number(td.getAttribute('data-count'))]),
        ),
      })),
    );

  test("the trends tab: the latest day is usersRegisteredByFeature's numbers; every window is the endpoint's history", async () => {
    for (const [type, role] of [
      ['all', 'all'],
      ['member', 'admin'],
    ] as const) {
      await go(page, `#/trends?type=${type}&role=${role}`, '[data-chart=coverage] canvas');
      const f = await api<{ totalUserCount: number; userRegistrationFeatureCounts: { feature: string; userCount: number }[] }>(
        `/v1.0/reports/authenticationMethods/usersRegisteredByFeature(includedUserTypes='${type}',includedUserRoles='${role}')`,
      );
      const rows = await coverageRows(page);
      const expected = await history(30, type, role);
      assert.equal(rows.length, expected.value.length, 'one row per day of the endpoint');
      const latest = rows[0]!;
      assert.equal(latest.day, new Date().toISOString().slice(0, 10));
      assert.equal(latest.recorded, true);
      assert.equal(latest.users, f.totalUserCount);
      for (const feature of ['mfaCapable', 'passwordlessCapable', 'ssprCapable']) {
        assert.equal(latest.features[feature], f.userRegistrationFeatureCounts.find((c) => c.feature === feature)!.userCount, feature);
      }
      const mfa = f.userRegistrationFeatureCounts.find((c) => c.feature === 'mfaCapable')!.userCount;
      assert.equal(
        await page.locator('[data-stat=mfaCapable] .big').innerText(),
        new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(mfa / f.totalUserCount),
      );
      // The earlier snapshots made days recorded and carried over, oldest first in the endpoint.
      assert.deepEqual(
        rows.map((r) => r.day).reverse(),
        expected.value.map((d) => d.day),
      );
      assert.deepEqual(
        rows.map((r) => r.recorded).reverse(),
        expected.value.map((d) => d.recorded),
      );
    }
    // Users by method: the latest day of each drawn method is usersRegisteredByMethod's count.
    await go(page, '#/trends', '[data-chart=method-trends] canvas');
    const m = await api<{ userRegistrationMethodCounts: { authenticationMethod: string; userCount: number }[] }>(
      "/v1.0/reports/authenticationMethods/usersRegisteredByMethod(includedUserTypes='all',includedUserRoles='all')",
    );
    const cells = await page
      .locator('[data-chart=method-trends] table tbody tr:first-child td[data-method]')
      .evaluateAll((tds: BrowserElement[]) => tds.map((td) => [td.getAttribute('data-method')!, Number(td.getAttribute('data-count'))] as const));
    assert.equal(cells.length, 5, 'five methods drawn by default');
    for (const [method, n] of cells) assert.equal(n, m.userRegistrationMethodCounts.find((c) => c.authenticationMethod === method)!.userCount, method);
    // Choosing another method adds its line and its column, and keeps the choice in the address.
    await page.getByText(/^Methods \(5 of/).click();
    const extra = page.locator('.method-choice input[type=checkbox]:not(:checked)').first();
    const extraMethod = (await extra.getAttribute('value'))!;
    await extra.check();
    await page.waitForURL(new RegExp(`methods=[^&]*${extraMethod}`));
    await page.locator(`[data-chart=method-trends] table tbody tr:first-child td[data-method=${extraMethod}]`).waitFor({ state: 'attached' });
    // Windows: each shows the endpoint's days; the history starts 20 days ago, so 30 days and more say so.
    for (const days of [7, 90, 365, 30] as const) {
      await page.getByRole('radio', { name: `Last ${days} days` }).check();
      await page.waitForFunction((d) => (d === 30 ? !location.hash.includes('days=') : location.hash.includes(`days=${d}`)), days);
      const expected = await history(days);
      await page.waitForFunction((n) => [...document.querySelectorAll('[data-chart=coverage] table tbody tr')].length === n, expected.value.length);
      assert.equal(expected.value.length, Math.min(days, 21));
      assert.equal(await page.getByTestId('history-note').count(), days === 7 ? 0 : 1, `note for ${days} days`);
      if (days === 90) await axe(page, 'the trends tab');
    }
    assert.match(await page.getByTestId('history-note').innerText(), /History starts on[\s\S]*npx amr import snapshot\.json/);
    // The keyboard path: the table's disclosure opens with Enter and names carried-over days.
    await page.locator('[data-chart=coverage] summary').focus();
    await page.keyboard.press('Enter');
    assert.match(await page.locator('[data-chart=coverage] table tbody tr[data-recorded=false]').first().innerText(), /Carried over from/);
    await axe(page, 'the trends tab with its table open');
    await screenshot(page, 'trends-table-1280-light');
  });

  test('keyboard: skip link, demo sign-in and the report links work without a mouse', async () => {
    const p = await newPage();
    await p.goto(server.dashboard);
    await p.getByRole('button', { name: 'Sign in to the demo' }).waitFor();
    const active = () => p.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    const tabTo = async (text: string) => {
      for (let i = 0; i < 40 && (await active()) !== text; i++) await p.keyboard.press('Tab');
      assert.equal(await active(), text);
    };
    await p.keyboard.press('Tab');
    assert.equal(await active(), 'Skip to content');
    await p.keyboard.press('Enter');
    assert.equal(await p.evaluate(() => document.activeElement?.id), 'main');
    // The tenant list: choose by typing its name, as a keyboard user does in a select.
    await p.keyboard.press('Tab');
    await p.keyboard.type('Contoso');
    assert.match(await p.getByLabel('Tenant').inputValue(), new RegExp(tenantId));
    await tabTo('Sign in to the demo');
    await p.keyboard.press('Enter');
    await p.getByTestId('identity').waitFor();
    await tabTo('Usage');
    await p.keyboard.press('Enter');
    await p.waitForURL(/#\/usage/);
    await p.locator('[data-chart=requirement]').waitFor();
    await context.close();
  });

  test("numbers follow the browser's locale", async () => {
    const german = await newPage({ locale: 'de-DE' });
    await signIn(german);
    await german.locator('[data-tile=mfa] .of').waitFor();
    const total = (await api<{ totalUserCount: number }>('/v1.0/reports/authenticationMethods/usersRegisteredByFeature()')).totalUserCount;
    assert.ok(total >= 1000);
    assert.match(await german.locator('[data-tile=mfa] .of').innerText(), new RegExp(total.toLocaleString('de-DE').replace('.', '\\.')));
    await context.close();
  });

  test('a free tenant: the page explains the licence 403', async () => {
    const p = await newPage();
    await signIn(p, FREE_TENANT_NAME);
    const problem = p.getByRole('alert').filter({ hasText: 'licence' }).first();
    await problem.waitFor();
    assert.match(await problem.innerText(), /P1 or P2[\s\S]*"license": "free"/);
    await axe(p, 'the licence error');
    await context.close();
  });

  test('a tenant without logs: each activity chart says which logs to import', async () => {
    const p = await newPage();
    await signIn(p, QUIET_TENANT_NAME);
    await p.locator('[data-tile=mfa] .big').waitFor();
    assert.match(await p.locator('[data-chart=recent-registrations] .empty').innerText(), /No registrations last 30 days[\s\S]*npx amr import/);
    await go(p, '#/usage', '[data-chart=requirement] .empty');
    for (const [chart, text] of [
      ['requirement', /No sign-ins in this window[\s\S]*sign-in logs/],
      ['signins-by-method', /No sign-ins/],
      ['passwords', /No password resets or changes[\s\S]*audit log/],
      ['resets-by-method', /No self-service reset attempts/],
    ] as const) {
      assert.match(await p.locator(`[data-chart=${chart}] .empty`).innerText(), text, chart);
    }
    await axe(p, 'the empty usage tab');
    await screenshot(p, 'usage-no-logs-1280-light');
    // Its history is one day, the import's: the trends tab says how it grows.
    await go(p, '#/trends', '[data-chart=coverage] canvas');
    assert.match(await p.getByTestId('history-note').innerText(), /so far it has one day[\s\S]*every day it runs[\s\S]*npx amr import snapshot\.json/);
    await axe(p, 'the trends tab with one day');
    await screenshot(p, 'trends-one-day-1280-light');
    await context.close();
  });

  test('an expired token: the page asks to sign in again, and keeps the view', async () => {
    const expired = (await run(process.execPath, [AMR, 'token', '--db', db, '--tenant', tenantId, '--expires-in', '1'])).stdout.trim();
    const p = await newPage();
    await p.goto(server.dashboard); // the tab keeps this run's code: the demo sign-in is offered again below
    await p.getByRole('button', { name: 'Sign in to the demo' }).waitFor();
    await p.goto(`${server.url}/#/usage?period=d7`);
    await p.waitForTimeout(1200);
    await p.getByLabel('Access token').fill(expired);
    await p.getByRole('button', { name: 'Use this token' }).click();
    await p.getByRole('alert').filter({ hasText: 'Your sign-in has expired' }).waitFor();
    assert.match(p.url(), /#\/usage\?period=d7$/);
    await p.getByRole('button', { name: 'Sign in to the demo' }).waitFor();
    await context.close();
  });

  test('screenshots of every view, 1280 px and phone width, light and dark; dark and phone pass axe', async () => {
    for (const [width, scheme] of [
      [1280, 'light'],
      [1280, 'dark'],
      [390, 'light'],
      [390, 'dark'],
    ] as const) {
      const p = await newPage({ width, scheme });
      await signIn(p);
      for (const [view, ready] of [
        ['registration', '[data-chart=methods] canvas'],
        ['usage', '[data-chart=requirement] canvas'],
        ['trends', '[data-chart=method-trends] canvas'],
        ['users', 'table.list tbody tr'],
        ['events', 'table.list tbody tr'],
      ] as const) {
        await go(p, `#/${view}`, ready);
        if (scheme === 'dark' || width === 390) await axe(p, `${view} at ${width} px, ${scheme}`);
        await screenshot(p, `${view}-${width}-${scheme}`, view === 'registration' || view === 'usage' || view === 'trends');
      }
      await context.close();
    }
  });

  test('no script errors and no content-security-policy violations on any page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
