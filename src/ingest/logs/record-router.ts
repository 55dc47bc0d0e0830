// Takes each parsed JSON value of a log file: opens containers (records, value, tables, arrays) and
// hands every record to its normaliser, or refuses it with its place and reason.
import { describe } from '../place.js';
import { contextKind, type GraphKind } from './graph-object.js';
import type { LogBatcher } from './log-batcher.js';
import { isObject, Refusal, type RawObject } from './log-fields.js';
import { normaliseAudit } from './normalise-audit.js';
import { normaliseSignIn } from './normalise-sign-in.js';
import { planRecord } from './record-plan.js';
import { cutText } from './refused-text.js';
import type { Envelope } from './envelope.js';
import { windowText, type TimeWindow } from '../time-window.js';
import { loneSurrogateEscape, loneSurrogateReason } from '../lone-surrogates.js';

/** `line 3` + records[2] → `line 3: records[2]`; `` + value[2] → `value[2]`; `[1]` + records[0] → `[1].records[0]`. */
export function placeIn(where: string, key: string, index: number): string {
  const part = `${key}[${index}]`;
  if (where === '') return part;
  if (where.startsWith('line ') && !where.includes(':')) return `${where}: ${part}`;
  if (where.startsWith('document ') && !where.includes(':')) return `${where}: ${part}`;
  return key === '' ? `${where}${part}` : `${where}.${part}`;
}

/** Log Analytics query API (api.loganalytics.io v1): `columns: [{name, type}]`, rows as arrays in that order. */
export function rowObject(columns: readonly unknown[], row: readonly unknown[]): RawObject {
  const o: Record<string, unknown> = {};
  for (let i = 0; i < columns.length && i < row.length; i++) {
    const c = columns[i];
    const name = isObject(c) ? c['name'] : c;
    if (typeof name === 'string') o[name] = row[i];
  }
  return o;
}

/** Arrays within arrays deeper than this are no export shape; the limit also keeps recursion shallow. */
const MAX_NESTING = 4;

/** A value's JSON for a refusal; a value nested too deeply for JSON.stringify's recursion is described instead. */
function jsonOf(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch (err) {
    return `(not shown: ${err instanceof Error ? err.message : String(err)})`;
  }
}

/** What JSON.parse itself throws: a syntax error, or a range error for what it cannot build. */
export function isParseError(err: unknown): boolean {
  return err instanceof SyntaxError || err instanceof RangeError;
}

export class RecordRouter {
  /** `window`: the record times believed (decision 0055); a record outside it is refused. */
  constructor(
    private readonly out: LogBatcher,
    private readonly window: TimeWindow,
  ) {}

  /**
   * A value's text: parsed, or refused as malformed JSON (`hint` ends the reason, e.g. a truncation
   * note). `parse` is JSON.parse, or the NDJSON reader's, which checks the line's limits as it parses
   * (decision 0054): what it throws for a limit passes through, only JSON.parse's own errors refuse.
   */
  routeText(text: string, where: string, page: GraphKind, hint = '', parse: (text: string) => unknown = JSON.parse): void {
    let value: unknown;
    try {
      value = parse(text);
    } catch (err) {
      if (!isParseError(err)) throw err;
      this.refuse(where, `malformed JSON: ${err instanceof Error ? err.message : String(err)}${hint}`, text);
      return;
    }
    const lone = loneSurrogateEscape(text);
    if (lone >= 0) {
      this.refuse(where, loneSurrogateReason(text, lone, null), text);
      return;
    }
    this.route(value, where, text, page);
  }

  /** A parsed value; `text` is its raw text when known (else it is re-serialised should it be refused). */
  route(value: unknown, where: string, text: string | null, page: GraphKind, depth = 0): void {
    if (depth > MAX_NESTING) {
      this.refuse(where, `nested ${depth} containers deep: expected a record, or records in a records, value or tables array`, text ?? jsonOf(value));
      return;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) this.route(value[i], placeIn(where, '', i), null, page, depth + 1);
      return;
    }
    if (!isObject(value)) {
      this.refuse(where, `expected a JSON object (an audit or sign-in record), found ${describe(value)}`, text ?? jsonOf(value));
      return;
    }
    const records = value['records'];
    if (Array.isArray(records)) return this.each(records, where, 'records', page, depth);
    const items = value['value'];
    if (Array.isArray(items)) return this.each(items, where, 'value', contextKind(value['@odata.context']) ?? page, depth);
    const tables = value['tables'];
    if (Array.isArray(tables)) return this.tables(tables, where);
    this.record(value, where, text, page);
  }

  /** One record (not a container). */
  record(o: RawObject, where: string, text: string | null, page: GraphKind): void {
    try {
      const plan = planRecord(o, page);
      if (plan.kind === 'skip') this.out.skip(plan.category, plan.shape);
      else if (plan.kind === 'audit') {
        const a = normaliseAudit(plan.fields, plan.env);
        this.checkTime(a.activityDateTime, 'activityDateTime', plan.env);
        this.out.audit(a, plan.shape);
      } else {
        const s = normaliseSignIn(plan.fields, plan.env);
        this.checkTime(s.createdDateTime, 'createdDateTime', plan.env);
        this.out.signIn(s, plan.shape);
      }
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      this.refuse(where, err.message, text ?? jsonOf(o));
    }
  }

  /**
   * A record's time places it in the rollups and decides its retention: one dated 2099 would stay
   * for good, one dated 1970 would be stored only to be pruned. Times are canonical ISO text, so
   * they compare as strings.
   */
  private checkTime(at: string, field: string, env: Envelope): void {
    if (at >= this.window.earliest && at <= this.window.latest) return;
    throw new Refusal(`${env.label(field)} ${at} is outside the times amr accepts: expected ${windowText(this.window)}`);
  }

  refuse(where: string, reason: string, text: string): void {
    this.out.refuse({ where, reason, text: cutText(text) });
  }

  private each(items: readonly unknown[], where: string, key: string, page: GraphKind, depth: number): void {
    for (let i = 0; i < items.length; i++) this.route(items[i], placeIn(where, key, i), null, page, depth + 1);
  }

  private tables(tables: readonly unknown[], where: string): void {
    for (let t = 0; t < tables.length; t++) {
      const table = tables[t];
      const at = placeIn(where, 'tables', t);
      const columns = isObject(table) ? table['columns'] : undefined;
      const rows = isObject(table) ? table['rows'] : undefined;
      if (!Array.isArray(columns) || !Array.isArray(rows)) {
        this.refuse(at, 'expected a Log Analytics table {name, columns: [...], rows: [[...]]}', jsonOf(table));
        continue;
      }
      for (let r = 0; r < rows.length; r++) this.row(columns, rows[r], `${at}.rows[${r}]`);
    }
  }

  /** A row of the query API's tables format: an array matched to the columns. */
  row(columns: readonly unknown[], row: unknown, where: string): void {
    if (!Array.isArray(row)) {
      this.refuse(where, `expected a row (an array of column values), found ${describe(row)}`, jsonOf(row));
      return;
    }
    this.record(rowObject(columns, row), where, null, null);
  }
}
