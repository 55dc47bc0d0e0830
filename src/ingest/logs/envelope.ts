// What an export adds around a Graph object's fields: the Azure Monitor record or Log Analytics columns.

/**
 * The normalisers read Graph's own (camelCase) fields; an envelope carries what the export puts
 * beside them, and how to name a field in a refusal so that the reader finds it in the file.
 */
export interface Envelope {
  /** Names a Graph field as the source spells it: `id`, `properties.id`, `Id`. */
  readonly label: (field: string) => string;
  /** Event Hub `tenantId`, Log Analytics `AADTenantId`, lower-cased; Graph objects name none. */
  readonly tenantId: string | null;
  /** A second source of the event time when the Graph field is absent (Event Hub `time`). */
  readonly fallbackTime: readonly [label: string, value: unknown] | null;
  /** The activity name when activityDisplayName is absent (Event Hub / Log Analytics OperationName). */
  readonly operationName: string | null;
  readonly correlationId: string | null;
  /** entra-rules §4.1 PROPOSAL (A14): resultReason falls back to resultDescription. */
  readonly resultDescription: string | null;
  /** Event Hub `resultType` / Log Analytics `ResultType`: the sign-in error code as a string ("0"). */
  readonly resultType: unknown;
  /** The category's (table's) word on interactivity, used when the record has no isInteractive. */
  readonly interactive: boolean | null;
  /** Log Analytics AADNonInteractiveUserSignInLogs: non-interactive whatever a column says. */
  readonly forceNonInteractive: boolean;
}

const same = (field: string): string => field;

/** A bare Graph directoryAudit or signIn object (entra-rules §4.1, §4.4). */
export const GRAPH_ENVELOPE: Envelope = {
  label: same,
  tenantId: null,
  fallbackTime: null,
  operationName: null,
  correlationId: null,
  resultDescription: null,
  resultType: undefined,
  interactive: null,
  forceNonInteractive: false,
};
