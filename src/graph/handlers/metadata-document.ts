// GET /{version}/$metadata: amr's CSDL, XML by default or JSON on request (decision 0080).
// Like Graph's, it answers without a token: it is the same for every caller and names no tenant.
import type { ApiVersion } from '../entities.js';
import type { GraphResponse } from '../operation.js';
import { csdlJson } from '../metadata/csdl-json.js';
import { csdlXml } from '../metadata/csdl-xml.js';
import { modelOf } from '../metadata/model.js';
import { negotiate } from '../metadata/negotiate.js';

/** What an anonymous document request carries; no principal, no tenant, no store. */
export interface DocumentRequest {
  readonly version: ApiVersion;
  readonly query: readonly (readonly [string, string])[];
  readonly accept: string | undefined;
  readonly maxVersion: string | undefined;
  /** scheme://host of this server, for the service document's context URL. */
  readonly origin: string;
}

export const CSDL_XML_CONTENT_TYPE = 'application/xml;charset=utf-8';
export const CSDL_JSON_CONTENT_TYPE = 'application/json;charset=utf-8';

const documents = new Map<string, string>();

/** The serialised CSDL, made once per version and representation. */
export function csdlDocument(version: ApiVersion, as: 'xml' | 'json'): string {
  const key = `${version} ${as}`;
  let text = documents.get(key);
  if (text === undefined) {
    text = as === 'xml' ? csdlXml(modelOf(version)) : JSON.stringify(csdlJson(modelOf(version)));
    documents.set(key, text);
  }
  return text;
}

export function metadataDocument(req: DocumentRequest): GraphResponse {
  const as = negotiate({
    resource: `/${req.version}/$metadata`,
    query: req.query,
    accept: req.accept,
    maxVersion: req.maxVersion,
    dollarOptional: req.version === 'beta',
    offers: ['xml', 'json'],
  });
  return { status: 200, body: csdlDocument(req.version, as), contentType: as === 'xml' ? CSDL_XML_CONTENT_TYPE : CSDL_JSON_CONTENT_TYPE };
}
