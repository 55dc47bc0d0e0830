// Stale methods: registered long enough, and no use of them for N days (issue 15 item 1; decision 0090).
import type { RegistrationOrResetEvent, SignInFact } from './activity-model.js';
import type { GraphObject } from './model.js';
import type { MethodName } from './method-names.js';
import { canonicalOrder } from './method-names.js';
import { methodsFromGraph } from './methods.js';
import { registeredNamesUsedBy } from './protection-classes.js';
import { str } from './graph-object.js';

/** Issue 15: "registered, never used for 90 days". */
export const DEFAULT_STALE_AFTER_DAYS = 90;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface StaleInput {
  /** The user's methodsRegistered names, as computeRegistrationDetails derives them. */
  readonly registered: Iterable<MethodName>;
  /** The user's Graph authenticationMethod objects (SnapshotUser.methods): createdDateTime, lastUsedDateTime. */
  readonly methods: readonly GraphObject[];
  /** The capture time the registrations are as of; the N days end here. */
  readonly asOf: string;
  /** The user's sign-in facts (any span; only steps that succeeded, at or before asOf, count). */
  readonly signIns: Iterable<SignInFact>;
  /** The user's registration/reset events; successful reset verifications are uses (email, questions…). */
  readonly resets?: Iterable<RegistrationOrResetEvent>;
  /**
   * From when the caller holds every sign-in and audit record of the tenant (the earliest import's
   * coverage); null when it holds none. Absence of use in the activity proves nothing before this.
   */
  readonly activityCompleteFrom: string | null;
  /** When amr first saw each name registered (registration history); used when no object of it has createdDateTime. */
  readonly firstSeen?: ReadonlyMap<MethodName, string>;
  /** N, > 0; default 90. */
  readonly days?: number;
}

export interface StaleMethod {
  readonly method: MethodName;
  /** The registration instant the rule used: the newest createdDateTime of the name's objects, else firstSeen. */
  readonly registeredDateTime: string;
  /** The newest use seen (lastUsedDateTime or activity), or null when none was seen. */
  readonly lastUsedDateTime: string | null;
}

/** (asOf − days, asOf] in epoch ms. A bad asOf or days is the caller's bug, not the user's input. */
export function windowOf(asOf: string, days: number): { readonly from: number; readonly to: number } {
  const to = Date.parse(asOf);
  if (Number.isNaN(to)) throw new RangeError(`asOf must be an ISO-8601 instant, got ${JSON.stringify(asOf)}`);
  if (!(Number.isFinite(days) && days > 0)) throw new RangeError(`days must be a positive number, got ${days}`);
  return { from: to - days * DAY_MS, to };
}

/** The newest instant seen per name, keeping the string as given. */
class Newest {
  private readonly at = new Map<MethodName, { readonly ms: number; readonly text: string }>();

  note(name: MethodName, text: string | null, notAfter = Number.POSITIVE_INFINITY): void {
    if (text === null) return;
    const ms = Date.parse(text);
    if (Number.isNaN(ms) || ms > notAfter) return;
    const cur = this.at.get(name);
    if (cur === undefined || ms > cur.ms) this.at.set(name, { ms, text });
  }

  get(name: MethodName): { readonly ms: number; readonly text: string } | undefined {
    return this.at.get(name);
  }
}

/**
 * Decision 0090. A registered name is stale when all of these hold:
 * (1) it has been registered for at least N days: its registration instant (the newest createdDateTime
 *     among its objects, else firstSeen) is at or before asOf − N days; a name with neither is never
 *     stale, and one registered less than N days ago is not stale even if never used;
 * (2) no use in (asOf − N days, asOf]: no object's lastUsedDateTime, no succeeded sign-in step and no
 *     successful reset verification of it in that span;
 * (3) the absence of use is known: Graph tracks its use (an object carries lastUsedDateTime) or the
 *     caller's activity covers the whole span (activityCompleteFrom ≤ asOf − N days).
 * Result in methodsRegistered order.
 */
export function staleMethods(input: StaleInput): StaleMethod[] {
  const { from: cutoff, to: asOf } = windowOf(input.asOf, input.days ?? DEFAULT_STALE_AFTER_DAYS);
  const created = new Newest();
  const lastUsed = new Newest();
  const tracked = new Set<MethodName>();
  for (const m of input.methods) {
    const used = str(m, 'lastUsedDateTime');
    for (const name of methodsFromGraph([m], 0, input.asOf).names) {
      created.note(name, str(m, 'createdDateTime'));
      lastUsed.note(name, used, asOf);
      if (used !== null && !Number.isNaN(Date.parse(used))) tracked.add(name);
    }
  }
  for (const f of input.signIns) {
    for (const step of f.methods) {
      if (!step.succeeded) continue;
      for (const name of registeredNamesUsedBy(step.method)) lastUsed.note(name, f.createdDateTime, asOf);
    }
  }
  for (const e of input.resets ?? []) {
    if (e.feature !== 'reset' || !e.isSuccess) continue;
    for (const name of registeredNamesUsedBy(e.authMethod)) lastUsed.note(name, e.eventDateTime, asOf);
  }
  const coverage = input.activityCompleteFrom === null ? Number.NaN : Date.parse(input.activityCompleteFrom);
  const activitySpansWindow = coverage <= cutoff; // false for NaN
  const stale: StaleMethod[] = [];
  for (const name of canonicalOrder(input.registered)) {
    const reg = created.get(name) ?? firstSeenOf(input.firstSeen, name);
    if (reg === undefined || reg.ms > cutoff) continue;
    const use = lastUsed.get(name);
    if (use !== undefined && use.ms > cutoff) continue;
    if (!tracked.has(name) && !activitySpansWindow) continue;
    stale.push({ method: name, registeredDateTime: reg.text, lastUsedDateTime: use?.text ?? null });
  }
  return stale;
}

function firstSeenOf(firstSeen: ReadonlyMap<MethodName, string> | undefined, name: MethodName): { readonly ms: number; readonly text: string } | undefined {
  const text = firstSeen?.get(name);
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : { ms, text };
}
