// $select on a wire row: the selected properties in the row's own (wire) order, with its key and
// type annotation, which a projected row keeps so a client can still address it (as
// userRegistrationDetails always has; decision 0082).
export type WireRow = Readonly<Record<string, unknown>>;

export function projectRow(row: WireRow, select: readonly string[] | undefined): Record<string, unknown> {
  if (select === undefined || select.includes('*')) return { ...row };
  return Object.fromEntries(Object.entries(row).filter(([k]) => k === '@odata.type' || k === 'id' || select.includes(k)));
}
