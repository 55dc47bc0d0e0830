// The double's inputs and its tenant records: an amr tenant snapshot (../shared/spec/tenant-snapshot.md,
// JSON-document form) plus what only the double needs (app registrations, licence, Entra's own
// userRegistrationDetails rows, the logs).
import type { JsonRecord } from './json.js';

export type License = 'free' | 'P1' | 'P2';

export interface AppRegistration {
  readonly clientId: string;
  readonly displayName?: string;
  /** Client secrets the token endpoint accepts. */
  readonly secrets?: readonly string[];
  /** PEM certificates whose keys may sign client assertions (matched by x5t / x5t#S256). */
  readonly certificates?: readonly string[];
  /** Granted Microsoft Graph application permissions (the token's `roles`), e.g. 'User.Read.All'. */
  readonly permissions: readonly string[];
}

export interface UserEntry {
  /** The Graph user object as served (no `authentication` member). */
  props: JsonRecord;
  methods: JsonRecord[];
  signInPreferences: JsonRecord | null;
  securityQuestionsRegistered: number | null;
  /** The state version of the last change a users delta shows. */
  version: number;
}

export interface GroupEntry {
  props: JsonRecord;
  members: JsonRecord[];
}

export interface MethodChangeOptions {
  /** Append the directoryAudit event Entra writes for the change (default true). */
  readonly audit?: boolean;
}
