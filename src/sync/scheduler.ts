// Grants Graph request slots per (application, tenant, limit class) and per (application, class), fairly across tenants.
import { systemClock, type Clock, type TimerHandle } from './clock.js';
import { GRAPH_LIMITS, tenantSize, type LimitClass, type LimitTable, type TenantSize } from './limits.js';
import { SlidingWindow } from './sliding-window.js';

export interface SlotKey {
  /** The application (client) id. */
  readonly app: string;
  readonly tenant: string;
  readonly cls: LimitClass;
}

export interface SchedulerOptions {
  readonly limits?: LimitTable;
  readonly clock?: Clock;
  /** Added to every window, so requests that arrive closer together than they were sent still fit (default 250 ms). */
  readonly windowMarginMs?: number;
}

interface Waiter {
  readonly cost: number;
  readonly enqueuedAt: number;
  readonly resolve: (waitedMs: number) => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  onAbort?: () => void;
}

interface TenantState {
  readonly tenant: string;
  readonly window: SlidingWindow;
  size: TenantSize;
  holdUntil: number;
  readonly queue: Waiter[];
}

/** One (application, class): the tenants waiting in it take turns. */
interface Lane {
  readonly app: string;
  readonly cls: LimitClass;
  readonly window: SlidingWindow;
  readonly tenants: Map<string, TenantState>;
  /** Tenants with waiters, in turn order; `cursor` is the next to be served. */
  order: string[];
  cursor: number;
  holdUntil: number;
  timer: { handle: TimerHandle; at: number } | undefined;
}

/**
 * A request is granted when its tenant's window, its application's window for the class and the application's global
 * window all have room and no Retry-After hold covers it. Waiters of one tenant go in order; tenants take turns
 * (round-robin), so one tenant with a long queue cannot starve another of the shared per-application budget.
 */
export class RequestScheduler {
  readonly #limits: LimitTable;
  readonly #clock: Clock;
  readonly #margin: number;
  readonly #lanes = new Map<string, Lane>();
  readonly #global = new Map<string, SlidingWindow>();
  readonly #sizes = new Map<string, TenantSize>();

  constructor(options: SchedulerOptions = {}) {
    this.#limits = options.limits ?? GRAPH_LIMITS;
    this.#clock = options.clock ?? systemClock();
    this.#margin = options.windowMarginMs ?? 250;
  }

  /** Resolves with the ms waited once `cost` units of `key`'s class may be sent now; rejects when `signal` aborts. */
  acquire(key: SlotKey, cost: number, signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const lane = this.#lane(key.app, key.cls);
    const state = this.#tenant(lane, key.tenant);
    return new Promise<number>((resolve, reject) => {
      const waiter: Waiter = { cost, enqueuedAt: this.#clock.now(), resolve, reject, signal };
      if (signal !== undefined) {
        waiter.onAbort = () => this.#cancel(lane, state, waiter);
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      state.queue.push(waiter);
      if (state.queue.length === 1) lane.order.push(state.tenant);
      this.#pump(lane);
    });
  }

  /**
   * Nothing more of `key`'s class is granted before `untilMs`: for `key.tenant` (a 429 on a request of that tenant),
   * or for every tenant of the application (a 429 whose x-ms-throttle-scope says the application's limit). Holds only
   * ever extend.
   */
  hold(key: SlotKey, untilMs: number, scope: 'tenant' | 'application' = 'tenant'): void {
    const lane = this.#lane(key.app, key.cls);
    if (scope === 'application') lane.holdUntil = Math.max(lane.holdUntil, untilMs);
    else {
      const state = this.#tenant(lane, key.tenant);
      state.holdUntil = Math.max(state.holdUntil, untilMs);
    }
    if (lane.order.length > 0) this.#pump(lane);
  }

  /** The time before which `key` must not be sent (0 when it is not held). */
  heldUntil(key: SlotKey): number {
    const lane = this.#lanes.get(laneKey(key.app, key.cls));
    if (lane === undefined) return 0;
    return Math.max(lane.holdUntil, lane.tenants.get(key.tenant)?.holdUntil ?? 0);
  }

  /** The tenant's size for the directory budget, once its user count is known (until then: S, the smallest). */
  setTenantSize(app: string, tenant: string, users: number): void {
    const size = tenantSize(users);
    this.#sizes.set(`${app}\u0000${tenant}`, size);
    for (const lane of this.#lanes.values()) {
      const state = lane.app === app ? lane.tenants.get(tenant) : undefined;
      if (state === undefined) continue;
      state.size = size;
      state.window.budget = this.#limits.classes[lane.cls].perAppTenant[size].budget;
      this.#pump(lane);
    }
  }

  /** The per-tenant budget of `key`'s class (a batch keeps each class's share of it within this). */
  tenantBudget(key: SlotKey): number {
    const size = this.#sizes.get(`${key.app}\u0000${key.tenant}`) ?? 'S';
    return this.#limits.classes[key.cls].perAppTenant[size].budget;
  }

  /** Waiters not yet granted, over all lanes. */
  get waiting(): number {
    let n = 0;
    for (const lane of this.#lanes.values()) for (const t of lane.tenants.values()) n += t.queue.length;
    return n;
  }

  #lane(app: string, cls: LimitClass): Lane {
    const k = laneKey(app, cls);
    let lane = this.#lanes.get(k);
    if (lane === undefined) {
      const l = this.#limits.classes[cls].perApp;
      lane = {
        app,
        cls,
        window: new SlidingWindow(l.budget, l.windowMs + this.#margin),
        tenants: new Map(),
        order: [],
        cursor: 0,
        holdUntil: 0,
        timer: undefined,
      };
      this.#lanes.set(k, lane);
    }
    return lane;
  }

  #tenant(lane: Lane, tenant: string): TenantState {
    let state = lane.tenants.get(tenant);
    if (state === undefined) {
      const size = this.#sizes.get(`${lane.app}\u0000${tenant}`) ?? 'S';
      const l = this.#limits.classes[lane.cls].perAppTenant[size];
      state = { tenant, window: new SlidingWindow(l.budget, l.windowMs + this.#margin), size, holdUntil: 0, queue: [] };
      lane.tenants.set(tenant, state);
    }
    return state;
  }

  #globalWindow(app: string): SlidingWindow {
    let w = this.#global.get(app);
    if (w === undefined) {
      w = new SlidingWindow(this.#limits.global.budget, this.#limits.global.windowMs + this.#margin);
      this.#global.set(app, w);
    }
    return w;
  }

  /** Grants what fits now, one waiter per tenant per turn, then sets a timer for the earliest time more could fit. */
  #pump(lane: Lane): void {
    const now = this.#clock.now();
    const global = this.#globalWindow(lane.app);
    let wake = Number.POSITIVE_INFINITY;
    let granted = true;
    while (granted && lane.order.length > 0) {
      granted = false;
      for (let step = 0, n = lane.order.length; step < n && lane.order.length > 0; step++) {
        const idx = lane.cursor % lane.order.length;
        const state = lane.tenants.get(lane.order[idx]!)!;
        const head = state.queue[0]!;
        const held = Math.max(lane.holdUntil, state.holdUntil);
        const wait =
          held > now ? held - now : Math.max(state.window.waitFor(head.cost, now), lane.window.waitFor(head.cost, now), global.waitFor(head.cost, now));
        if (wait > 0) {
          wake = Math.min(wake, now + wait);
          lane.cursor = idx + 1;
          continue;
        }
        state.window.admit(head.cost, now);
        lane.window.admit(head.cost, now);
        global.admit(head.cost, now);
        state.queue.shift();
        if (head.onAbort !== undefined) head.signal?.removeEventListener('abort', head.onAbort);
        head.resolve(now - head.enqueuedAt);
        granted = true;
        if (state.queue.length === 0) {
          lane.order.splice(idx, 1);
          lane.cursor = idx;
        } else lane.cursor = idx + 1;
      }
    }
    this.#forgetIdle(lane, now);
    this.#wakeAt(lane, wake);
  }

  #wakeAt(lane: Lane, at: number): void {
    if (lane.order.length === 0 || !Number.isFinite(at)) {
      if (lane.timer !== undefined && lane.order.length === 0) {
        this.#clock.clearTimer(lane.timer.handle);
        lane.timer = undefined;
      }
      return;
    }
    if (lane.timer !== undefined && lane.timer.at <= at) return;
    if (lane.timer !== undefined) this.#clock.clearTimer(lane.timer.handle);
    const handle = this.#clock.setTimer(at - this.#clock.now(), () => {
      lane.timer = undefined;
      this.#pump(lane);
    });
    lane.timer = { handle, at };
  }

  #cancel(lane: Lane, state: TenantState, waiter: Waiter): void {
    const i = state.queue.indexOf(waiter);
    if (i < 0) return;
    state.queue.splice(i, 1);
    if (state.queue.length === 0) {
      const j = lane.order.indexOf(state.tenant);
      if (j >= 0) {
        lane.order.splice(j, 1);
        if (lane.cursor > j) lane.cursor--;
      }
    }
    waiter.reject(waiter.signal?.reason);
    this.#pump(lane);
  }

  /** Drops tenants with nothing queued, nothing in their window and no hold, so memory follows activity. */
  #forgetIdle(lane: Lane, now: number): void {
    if (lane.tenants.size < 64) return;
    for (const [tenant, state] of lane.tenants) {
      if (state.queue.length === 0 && state.holdUntil <= now && state.window.idle(now)) lane.tenants.delete(tenant);
    }
  }
}

function laneKey(app: string, cls: LimitClass): string {
  return `${app}\u0000${cls}`;
}
