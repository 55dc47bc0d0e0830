// The one error odata/ throws for a bad request; graph/ renders it as a 400 in Graph's envelope.

/** Which query option a message is about; graph/ may use it to pick a target. */
export type QueryOptionName = '$filter' | '$orderby' | '$top' | '$select' | '$count' | '$skiptoken' | 'query';

export class ODataError extends Error {
  // graph-api §2.5: Graph answers a malformed query with 400 and code BadRequest.
  readonly code = 'BadRequest' as const;
  readonly option: QueryOptionName;
  /** 1-based character position in the option's value, when the problem has one. */
  readonly position: number | undefined;

  constructor(message: string, option: QueryOptionName, position?: number, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'ODataError';
    this.option = option;
    this.position = position;
  }
}

/**
 * A $filter problem. graph-api §2.5: Graph's message starts with "Invalid filter clause".
 * Positions are 1-based like ODL's "Syntax error at position 15" (odata.net#1711, where the
 * offending ',' is the 15th character) and count UTF-16 code units as .NET does.
 */
export function filterError(what: string, position?: number, hint?: string): ODataError {
  const where = position === undefined ? '' : ` at position ${position}`;
  const more = hint === undefined || hint === '' ? '' : ` ${hint}`;
  return new ODataError(`Invalid filter clause: ${what}${where}.${more}`, '$filter', position);
}
