// Snapshots of one tenant captured one after another, whose users gain and lose methods, join and
// leave (the change feed's tests, decision 0094), and the feed expected from the raw snapshots.
import { Readable } from 'node:stream';
import { importSnapshot } from '../ingest/import-snapshot.js';
import { methodsFromGraph } from '../reports/methods.js';
import type { GraphObject } from '../reports/model.js';
import type { Store } from '../store/store.js';
import { prng } from '../util/prng.js';

export const GLOBAL_ADMIN_ROLE = '62e90394-69f5-4237-9190-012177145e10';

/** Method objects as Graph writes them; each user holds a subset. */
const METHOD_POOL: readonly GraphObject[] = [
  { '@odata.type': '#microsoft.graph.phoneAuthenticationMethod', id: '3179e48a-750b-4051-897c-87b9720928f7', phoneType: 'mobile', phoneNumber: '+1 5550100' },
  {
    '@odata.type': '#microsoft.graph.phoneAuthenticationMethod',
    id: 'b6332ec1-7057-4abe-9331-3d72feddfe41',
    phoneType: 'alternateMobile',
    phoneNumber: '+1 5550101',
  },
  { '@odata.type': '#microsoft.graph.phoneAuthenticationMethod', id: 'e37fc753-ff3b-4958-9484-eaa9425c82bc', phoneType: 'office', phoneNumber: '+1 5550102' },
  { '@odata.type': '#microsoft.graph.emailAuthenticationMethod', id: 'e1', emailAddress: 'x@example.com' },
  { '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod', id: 'a1', displayName: 'iPhone' },
  { '@odata.type': '#microsoft.graph.softwareOathAuthenticationMethod', id: 's1' },
  { '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: 'f1', model: 'YubiKey 5 NFC', aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8' },
  { '@odata.type': '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod', id: 'w1' },
];

export interface ChangingUser {
  readonly id: string;
  readonly upn: string;
  readonly name: string;
  readonly enabled: boolean;
  /** Indexes into the method pool. */
  readonly methods: readonly number[];
  readonly securityQuestions: number;
  readonly admin: boolean;
}

export interface Capture {
  readonly capturedAt: string;
  readonly users: readonly ChangingUser[];
}

const userId = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function randomUser(n: number, random: () => number): ChangingUser {
  return {
    id: userId(n),
    upn: `user${n}@contoso.com`,
    name: `User ${n}`,
    enabled: random() > 0.1,
    methods: METHOD_POOL.flatMap((_, i) => (random() < 0.3 ? [i] : [])),
    securityQuestions: random() < 0.2 ? 3 : 0,
    admin: random() < 0.15,
  };
}

/** The first capture: `count` users, some disabled (not listed), some admins. */
export function firstCapture(seed: number, count: number, capturedAt: string): Capture {
  const random = prng(seed);
  return { capturedAt, users: Array.from({ length: count }, (_, n) => randomUser(n + 1, random)) };
}

/**
 * The next capture: most users unchanged; some gain or lose methods or security questions, some
 * are disabled or enabled, some leave the snapshot, some new ones arrive.
 */
export function nextCapture(seed: number, previous: Capture, capturedAt: string): Capture {
  const random = prng(seed);
  const users: ChangingUser[] = [];
  let last = 0;
  for (const u of previous.users) {
    last = Math.max(last, Number.parseInt(u.id.slice(-12), 16));
    const roll = random();
    if (roll < 0.05) continue; // gone from the snapshot
    if (roll < 0.1) users.push({ ...u, enabled: !u.enabled });
    else if (roll < 0.4) {
      const flip = Math.floor(random() * METHOD_POOL.length);
      const methods = u.methods.includes(flip) ? u.methods.filter((m) => m !== flip) : [...u.methods, flip];
      users.push({ ...u, methods, securityQuestions: random() < 0.1 ? 3 - u.securityQuestions : u.securityQuestions });
    } else users.push(u);
  }
  const arrivals = 1 + Math.floor(random() * 4);
  for (let n = 1; n <= arrivals; n++) users.push(randomUser(last + n, random));
  return { capturedAt, users };
}

export function snapshotText(tenantId: string, capture: Capture): string {
  const lines: object[] = [
    { amrSnapshot: 1, tenant: { id: tenantId, displayName: 'Changing', license: 'P2' }, capturedDateTime: capture.capturedAt, policies: {} },
  ];
  for (const u of capture.users) {
    lines.push({
      user: {
        id: u.id,
        userPrincipalName: u.upn,
        displayName: u.name,
        userType: 'Member',
        accountEnabled: u.enabled,
        authentication: { methods: u.methods.map((i) => METHOD_POOL[i]!), securityQuestionsRegistered: u.securityQuestions },
      },
    });
  }
  for (const u of capture.users) if (u.admin) lines.push({ roleAssignment: { principalId: u.id, roleDefinitionId: GLOBAL_ADMIN_ROLE, directoryScopeId: '/' } });
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

export async function landCapture(store: Store, tenantId: string, capture: Capture, now: () => Date): Promise<number> {
  const summary = await importSnapshot(store, Readable.from([snapshotText(tenantId, capture)]), { sourceName: capture.capturedAt, encoding: 'ndjson', now });
  return summary.recompute.generation;
}

export interface ExpectedChange {
  readonly userId: string;
  readonly userPrincipalName: string;
  readonly userDisplayName: string;
  readonly method: string;
  readonly change: 'added' | 'removed';
  readonly changedDateTime: string;
  readonly previousCapturedDateTime: string;
}

const namesOf = (u: ChangingUser, capturedAt: string): readonly string[] =>
  methodsFromGraph(
    u.methods.map((i) => METHOD_POOL[i]!),
    u.securityQuestions,
    capturedAt,
  ).names;

/**
 * The changes from `before` to `after`, from the raw snapshots: each user listed (enabled) in
 * `after`, against their methods in `before` (none if `before` did not list them).
 */
export function expectedChanges(before: Capture, after: Capture): ExpectedChange[] {
  const old = new Map(before.users.filter((u) => u.enabled).map((u) => [u.id, namesOf(u, before.capturedAt)]));
  const out: ExpectedChange[] = [];
  for (const u of after.users) {
    if (!u.enabled) continue;
    const now = namesOf(u, after.capturedAt);
    const was = old.get(u.id) ?? [];
    const row = {
      userId: u.id,
      userPrincipalName: u.upn,
      userDisplayName: u.name,
      changedDateTime: after.capturedAt,
      previousCapturedDateTime: before.capturedAt,
    };
    for (const m of now) if (!was.includes(m)) out.push({ ...row, method: m, change: 'added' });
    for (const m of was) if (!now.includes(m)) out.push({ ...row, method: m, change: 'removed' });
  }
  return out;
}

/** A change as the tests compare them: ids and admin flags aside. */
export const changeKey = (c: ExpectedChange): string =>
  [c.changedDateTime, c.previousCapturedDateTime, c.userId, c.userPrincipalName, c.userDisplayName, c.method, c.change].join('|');
