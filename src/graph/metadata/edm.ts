// The Edm model amr describes in $metadata: one schema (microsoft.graph, alias graph) per API
// version, as plain data that the XML and JSON CSDL writers both read (decision 0080).
import type { EnumType } from '../../odata/capabilities.js';

export const NAMESPACE = 'microsoft.graph';
export const ALIAS = 'graph';
export const CONTAINER = 'GraphService';

/** A type reference as CSDL writes it: 'Edm.String', 'graph.signInUserType'. */
export interface TypeRef {
  readonly type: string;
  readonly collection: boolean;
}

export interface EdmProperty extends TypeRef {
  readonly name: string;
  readonly nullable: boolean;
}

export interface EdmNavigation extends TypeRef {
  readonly name: string;
  readonly containsTarget: boolean;
}

export interface EdmStructuredType {
  readonly name: string;
  readonly baseType: string | null;
  readonly abstract: boolean;
  readonly key: readonly string[];
  /** Declared properties, in CSDL order (Microsoft's generator sorts them by name). */
  readonly properties: readonly EdmProperty[];
  readonly navigations: readonly EdmNavigation[];
}

export interface EdmEnum {
  readonly name: string;
  readonly members: readonly (readonly [string, number])[];
}

export interface EdmParameter extends TypeRef {
  readonly name: string;
  readonly nullable: boolean;
  /** Unicode="false" (graph-api §4.3: getCredentialUsageSummary's period). */
  readonly unicode?: false;
}

export interface EdmFunction {
  readonly name: string;
  readonly composable: boolean;
  /** The binding parameter first, as CSDL requires for a bound function. */
  readonly parameters: readonly EdmParameter[];
  readonly returnType: TypeRef & { readonly nullable: boolean };
}

export interface EdmSingleton {
  readonly name: string;
  /** Qualified by namespace, as Microsoft's container writes it. */
  readonly type: string;
}

export interface EdmModel {
  readonly enums: readonly EdmEnum[];
  readonly complexTypes: readonly EdmStructuredType[];
  readonly entityTypes: readonly EdmStructuredType[];
  /** Overloads are separate entries with the same name, in the operations table's order. */
  readonly functions: readonly EdmFunction[];
  readonly singletons: readonly EdmSingleton[];
}

/** 'microsoft.graph.x' → 'graph.x'; other names unchanged. */
export function aliased(qualified: string): string {
  return qualified.startsWith(`${NAMESPACE}.`) ? `${ALIAS}.${qualified.slice(NAMESPACE.length + 1)}` : qualified;
}

/** The enum's CSDL name without namespace. */
export function localName(en: EnumType | string): string {
  const name = typeof en === 'string' ? en : en.name;
  return name.slice(name.lastIndexOf('.') + 1);
}
