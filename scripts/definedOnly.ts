/**
 * The entries of `values` that are not undefined: what an options object with optional fields takes
 * (under exactOptionalPropertyTypes an absent flag must be left out, not passed as undefined).
 */
export function definedOnly<T extends Record<string, unknown>>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
