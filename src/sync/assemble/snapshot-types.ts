// The assembled snapshot: the plain object of tenant-snapshot.md, as amr's snapshot parser reads it.
import type { JsonObject } from './json.js';
import type { License } from './tenant.js';

export interface AssembledSnapshot {
  readonly amrSnapshot: 1;
  readonly tenant: { readonly id: string; readonly displayName: string | null; readonly license: License };
  readonly capturedDateTime: string;
  readonly policies: {
    readonly authenticationMethodsPolicy: JsonObject | null;
    readonly passwordResetPolicy: JsonObject | null;
    readonly authorizationPolicy: JsonObject | null;
    readonly legacyMfaPolicy: JsonObject | null;
  };
  /** Sorted by id; each a Graph user object with amr's `authentication` member. */
  readonly users: readonly JsonObject[];
  /** Sorted by id; direct members only. */
  readonly groups: readonly JsonObject[];
  /** Sorted; `status` active or eligible. */
  readonly roleAssignments: readonly JsonObject[];
}

/** Where the SSPR policy came from: the --sspr-policy file, inferred from Entra's rows, or amr's defaults. */
export type SsprPolicySource = 'file' | 'inferred' | 'default';

export interface AssemblyResult {
  readonly snapshot: AssembledSnapshot;
  readonly ssprPolicySource: SsprPolicySource;
  /** 'unavailable' when userRegistrationDetails was not read (a free tenant): no user has security questions. */
  readonly securityQuestionsSource: 'userRegistrationDetails' | 'unavailable' | 'previous';
  /** Count per `@odata.type` of the methods kept but not read by the rules. */
  readonly unrecognisedMethodTypes: Readonly<Record<string, number>>;
  /** Groups the rules need that no member list was given for: fetch them and assemble again. */
  readonly missingGroups: readonly string[];
  /** Values Graph left out that the snapshot needs, and what was assumed (e.g. a null userType). */
  readonly warnings: readonly string[];
}
