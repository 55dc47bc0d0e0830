// The one canonical form of an object id (docs/decisions/0055): a GUID in lower case, any other id as given.
// Graph's directory object ids are GUIDs and compare ignoring case; Graph writes them in lower case.

/**
 * `id` with a GUID (8-4-4-4-12 hex digits) lower-cased; any other text unchanged (an adapter's
 * non-GUID ids may be case-sensitive). Returns the same string when nothing changes, and looks at
 * each character at most once: it runs for every user, member and log record.
 */
export function canonicalId(id: string): string {
  if (id.length !== 36) return id;
  let upper = false;
  for (let i = 0; i < 36; i++) {
    const c = id.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 0x2d) return id;
    } else if (c >= 0x41 && c <= 0x46) {
      upper = true;
    } else if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) {
      return id;
    }
  }
  return upper ? id.toLowerCase() : id;
}

/** canonicalId for a value that may be null (optional ids of log records). */
export function canonicalIdOrNull(id: string | null): string | null {
  return id === null ? null : canonicalId(id);
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `text` is a GUID in 8-4-4-4-12 form, in any case. */
export function isGuid(text: string): boolean {
  return GUID.test(text);
}

const GUID_IN_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Every GUID inside `text` lower-cased (a directoryScopeId such as "/administrativeUnits/{id}"). */
export function canonicalIdsIn(text: string): string {
  return text.replace(GUID_IN_TEXT, (g) => g.toLowerCase());
}
