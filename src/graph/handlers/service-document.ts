// GET /{version}/ : the OData service document (OData JSON Format 4.01 §5), listing the entity
// sets and singletons of the CSDL; amr's is the `reports` singleton. Anonymous, as $metadata is.
import { modelOf } from '../metadata/model.js';
import { negotiate } from '../metadata/negotiate.js';
import type { GraphResponse } from '../operation.js';
import { metadataDocument, type DocumentRequest } from './metadata-document.js';

export function serviceDocument(req: DocumentRequest): GraphResponse {
  negotiate({
    resource: `/${req.version}/`,
    query: req.query,
    accept: req.accept,
    maxVersion: req.maxVersion,
    dollarOptional: req.version === 'beta',
    offers: ['json'],
  });
  return {
    status: 200,
    body: {
      '@odata.context': `${req.origin}/${req.version}/$metadata`,
      value: modelOf(req.version).singletons.map((s) => ({ name: s.name, kind: 'Singleton', url: s.name })),
    },
  };
}

/** Which anonymous document a path after the version root names, if any: '', '/', '/$metadata'. */
export function documentAt(relative: string): 'serviceDocument' | '$metadata' | null {
  const trimmed = relative.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return 'serviceDocument';
  return /^(\$|%24)metadata$/i.test(trimmed) ? '$metadata' : null;
}

export function answerDocument(which: 'serviceDocument' | '$metadata', req: DocumentRequest): GraphResponse {
  return which === '$metadata' ? metadataDocument(req) : serviceDocument(req);
}
