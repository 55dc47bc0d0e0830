// Who is calling: what graph/ needs to know of a verified token (server/ verifies it).

export interface Principal {
  readonly tenantId: string;
  /** When the token stops being valid (ms since the epoch), for caches. */
  readonly expiresAtMs: number;
  readonly kind: 'delegated' | 'application';
  readonly objectId: string | null;
  readonly appId: string | null;
  readonly scopes: ReadonlySet<string>;
  readonly roles: ReadonlySet<string>;
  readonly wids: ReadonlySet<string>;
  /** The token's `groups` claim (group object ids, lower case): AMR_OPERATOR_GROUPS reads it (tenants overview). */
  readonly groups: ReadonlySet<string>;
}
