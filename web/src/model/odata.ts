// OData literal quoting and clause joining for the $filter strings the lists send.
export const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export const and = (clauses: readonly (string | null)[]): string | null => {
  const present = clauses.filter((c): c is string => c !== null && c !== '');
  return present.length === 0 ? null : present.join(' and ');
};

/** Search by the start of the display name or the UPN (both case-insensitive on amr, as on Graph). */
export const nameSearch = (text: string): string | null => {
  const t = text.trim();
  return t === '' ? null : `(startswith(userDisplayName,${quote(t)}) or startswith(userPrincipalName,${quote(t)}))`;
};
