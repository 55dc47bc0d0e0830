// Reflect.get, typed to give unknown: its lib type gives any for a key not known to be the target's.
export const reflectGet: (target: object, key: PropertyKey, receiver?: unknown) => unknown = Reflect.get;
