import { timestamp } from "drizzle-orm/pg-core";

/**
 * Millisecond precision on purpose: JavaScript Dates hold milliseconds, so a timestamp read
 * into JS and sent back (in a pagination cursor, say) compares equal to the stored value.
 */
export function timestamptz(name: string) {
  return timestamp(name, { withTimezone: true, precision: 3, mode: "date" });
}

export const createdAt = () => timestamptz("created_at").notNull().defaultNow();

/** Set on insert, and by Drizzle on every update made through it. */
export const updatedAt = () =>
  timestamptz("updated_at")
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
