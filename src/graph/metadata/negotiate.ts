// Which representation a metadata or service document request gets, by OData's rules:
// $format wins over Accept (OData 4.01 Part 2 §5.1.8); with neither, $metadata is XML (Part 1
// §11.1.2); q-values rank the Accept ranges (RFC 9110 §12.5.1); nothing acceptable is a 406.
import { systemName } from '../../odata/index.js';
import { badRequest, notAcceptable } from '../errors.js';

export type Representation = 'xml' | 'json';

export interface NegotiationInput {
  /** The resource, for messages: '/v1.0/$metadata'. */
  readonly resource: string;
  readonly query: readonly (readonly [string, string])[];
  readonly accept: string | undefined;
  readonly maxVersion: string | undefined;
  /** Graph beta takes system option names without '$' (OData 4.01). */
  readonly dollarOptional: boolean;
  /** What the resource can be given as, the default first. */
  readonly offers: readonly Representation[];
}

const MEDIA: Readonly<Record<Representation, string>> = { xml: 'application/xml', json: 'application/json' };

function formatOf(input: NegotiationInput): string | undefined {
  let format: string | undefined;
  for (const [raw, value] of input.query) {
    const name = systemName(raw, input.dollarOptional);
    if (name === undefined) continue; // a custom option, which OData lets a service ignore
    if (name !== '$format') throw badRequest(`Query option '${name}' is not supported for ${input.resource}: it takes only $format.`);
    if (format !== undefined) throw badRequest(`Query option '$format' is specified more than once.`);
    format = value;
  }
  return format;
}

/** $format's value: 'json', 'xml', or a media type with optional parameters. */
function fromFormat(format: string, input: NegotiationInput): Representation {
  const media = format.split(';')[0]!.trim().toLowerCase();
  const asked = (['xml', 'json'] as const).find((r) => media === r || media === MEDIA[r]);
  if (asked === undefined || !input.offers.includes(asked)) {
    throw notAcceptable(
      `The format '${format}' is not supported for ${input.resource}: use ${input.offers.map((r) => `$format=${r} (${MEDIA[r]})`).join(' or ')}.`,
    );
  }
  return asked;
}

/** The q-value the Accept header gives a media type: that of its most specific matching range. */
function quality(accept: string, media: string): number {
  const [type] = media.split('/');
  let best = { specificity: -1, q: 0 };
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const specificity = range === media ? 2 : range === `${type}/*` ? 1 : range === '*/*' ? 0 : -1;
    if (specificity <= best.specificity) continue;
    const q = params.find((p) => p.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    best = { specificity, q: Number.isFinite(value) ? value : 0 };
  }
  return best.q;
}

/**
 * CSDL JSON is an OData 4.01 format: a client that says it reads at most 4.0 (OData-MaxVersion,
 * Part 1 §8.2.7) is not offered it through Accept; `$format=json` still names it explicitly.
 */
function readsCsdlJson(maxVersion: string | undefined): boolean {
  if (maxVersion === undefined) return true;
  const v = Number(maxVersion.trim());
  return !Number.isFinite(v) || v >= 4.01;
}

export function negotiate(input: NegotiationInput): Representation {
  const format = formatOf(input);
  if (format !== undefined) return fromFormat(format, input);
  if (input.accept === undefined || input.accept.trim() === '') return input.offers[0]!;
  const offers = input.offers.filter((r) => r !== 'json' || input.offers.length === 1 || readsCsdlJson(input.maxVersion));
  let chosen: { r: Representation; q: number } | null = null;
  for (const r of offers) {
    const q = quality(input.accept, MEDIA[r]);
    if (q > 0 && (chosen === null || q > chosen.q)) chosen = { r, q }; // ties keep the default
  }
  if (chosen === null) {
    throw notAcceptable(
      `${input.resource} is available as ${input.offers.map((r) => MEDIA[r]).join(' or ')}; the Accept header '${input.accept}' accepts none of these.`,
    );
  }
  return chosen.r;
}
