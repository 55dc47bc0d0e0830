// Collects normalised records into batches for the sink, counts them, and refuses duplicate ids.
import type { SnapshotGroup, SnapshotHeader, SnapshotRoleAssignment, SnapshotUser } from '../../reports/model.js';
import type { SnapshotSink } from './snapshot-sink.js';
import { SnapshotError } from '../snapshot-error.js';
import { child } from '../place.js';
import { isGuid } from '../../util/object-id.js';

export interface RecordCounts {
  readonly users: number;
  readonly groups: number;
  readonly roleAssignments: number;
  /** Every method's @odata.type, recognised or not → how many method objects carry it. */
  readonly methodsByType: Record<string, number>;
}

/** Ids arrive canonical (decision 0055); a GUID's duplicate may have been written in another case, so say so. */
function duplicate(kind: string, id: string): string {
  const note = isGuid(id) ? ' (GUIDs compare ignoring case)' : '';
  return `duplicate ${kind} id ${JSON.stringify(id)}${note}`;
}

/** Renders the place of a record from its ordinal (array index or line number) for duplicate messages. */
export type PlaceOf = (kind: 'users' | 'groups', ordinal: number) => string;

export class RecordBatcher {
  /** True when something waits to be handed to the sink; readers pause scanning until drained. */
  ready = false;
  private users: SnapshotUser[] = [];
  private groups: SnapshotGroup[] = [];
  private roles: SnapshotRoleAssignment[] = [];
  /**
   * Partial batches of another kind, closed when a record of a new kind arrives, so the sink sees
   * the kinds in the order the snapshot gives them (the store computes reports while streaming
   * when groups and role assignments come before users).
   */
  private closed: (() => Promise<void>)[] = [];
  private header: SnapshotHeader | null = null;
  private headerSent = false;
  private readonly userIds = new Map<string, number>();
  private readonly groupIds = new Map<string, number>();
  /** One counter object per type, so each method costs one map lookup. */
  private readonly methodTypes = new Map<string, { n: number }>();
  private userCount = 0;
  private groupCount = 0;
  private roleCount = 0;

  constructor(
    private readonly sink: SnapshotSink,
    private readonly batchSize: number,
    private readonly placeOf: PlaceOf,
  ) {}

  get hasHeader(): boolean {
    return this.header !== null;
  }

  setHeader(h: SnapshotHeader): void {
    this.header = h;
    this.ready = true;
  }

  /** `where` is the user's place, `ordinal` its index or line (kept per id to name a duplicate's first place). */
  addUser(u: SnapshotUser, where: string, ordinal: number): void {
    const first = this.userIds.get(u.id);
    if (first !== undefined) {
      throw new SnapshotError(child(where, 'id'), `${duplicate('user', u.id)}: already given at ${this.placeOf('users', first)}`);
    }
    this.userIds.set(u.id, ordinal);
    for (const m of u.methods) {
      const type = m['@odata.type'] as string;
      const counter = this.methodTypes.get(type);
      if (counter === undefined) this.methodTypes.set(type, { n: 1 });
      else counter.n++;
    }
    this.userCount++;
    if (this.groups.length > 0 || this.roles.length > 0) this.closeOthers('users');
    if (this.users.push(u) >= this.batchSize) this.ready = true;
  }

  addGroup(g: SnapshotGroup, where: string, ordinal: number): void {
    const first = this.groupIds.get(g.id);
    if (first !== undefined) {
      throw new SnapshotError(child(where, 'id'), `${duplicate('group', g.id)}: already given at ${this.placeOf('groups', first)}`);
    }
    this.groupIds.set(g.id, ordinal);
    this.groupCount++;
    if (this.users.length > 0 || this.roles.length > 0) this.closeOthers('groups');
    if (this.groups.push(g) >= this.batchSize) this.ready = true;
  }

  addRoleAssignment(r: SnapshotRoleAssignment): void {
    this.roleCount++;
    if (this.users.length > 0 || this.groups.length > 0) this.closeOthers('roles');
    if (this.roles.push(r) >= this.batchSize) this.ready = true;
  }

  private closeOthers(kind: 'users' | 'groups' | 'roles'): void {
    if (kind !== 'users' && this.users.length > 0) {
      const b = this.users;
      this.users = [];
      this.closed.push(() => this.sink.users(b) as Promise<void>);
    }
    if (kind !== 'groups' && this.groups.length > 0) {
      const b = this.groups;
      this.groups = [];
      this.closed.push(() => this.sink.groups(b) as Promise<void>);
    }
    if (kind !== 'roles' && this.roles.length > 0) {
      const b = this.roles;
      this.roles = [];
      this.closed.push(() => this.sink.roleAssignments(b) as Promise<void>);
    }
    this.ready = true;
  }

  private async sendClosed(): Promise<void> {
    const closed = this.closed;
    this.closed = [];
    for (const send of closed) await send();
  }

  /** Hands over the header (once known) and every full batch. */
  async drain(): Promise<void> {
    await this.sendHeader();
    await this.sendClosed();
    if (this.users.length >= this.batchSize) await this.sendUsers();
    if (this.groups.length >= this.batchSize) await this.sendGroups();
    if (this.roles.length >= this.batchSize) await this.sendRoles();
    this.ready = false;
  }

  /** At the end: the header, then whatever is left in each batch. */
  async finish(): Promise<RecordCounts> {
    if (this.header === null) throw new Error('internal: the snapshot reader finished without a header');
    await this.sendHeader();
    await this.sendClosed();
    if (this.users.length > 0) await this.sendUsers();
    if (this.groups.length > 0) await this.sendGroups();
    if (this.roles.length > 0) await this.sendRoles();
    this.ready = false;
    return {
      users: this.userCount,
      groups: this.groupCount,
      roleAssignments: this.roleCount,
      methodsByType: Object.fromEntries([...this.methodTypes].map(([type, c]) => [type, c.n])),
    };
  }

  private async sendHeader(): Promise<void> {
    if (this.header === null || this.headerSent) return;
    this.headerSent = true;
    await this.sink.header(this.header);
  }

  // Each batch is a fresh array: the sink may keep the one it was given.
  private async sendUsers(): Promise<void> {
    const batch = this.users;
    this.users = [];
    await this.sink.users(batch);
  }

  private async sendGroups(): Promise<void> {
    const batch = this.groups;
    this.groups = [];
    await this.sink.groups(batch);
  }

  private async sendRoles(): Promise<void> {
    const batch = this.roles;
    this.roles = [];
    await this.sink.roleAssignments(batch);
  }
}
