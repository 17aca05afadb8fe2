/** Dates become ISO strings when a server value crosses to the client as JSON. */
export type Jsonified<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

/** A server value in the exact shape the API would send it (for a page's client components). */
export function asJson<T>(value: T): Jsonified<T> {
  return JSON.parse(JSON.stringify(value));
}
