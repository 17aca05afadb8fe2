// A browser's cookie store in miniature: keeps what Set-Cookie says, honours Max-Age and Expires
// against a clock the test moves, and sends back only what has not expired.

interface StoredCookie {
  value: string;
  expiresAt: number | null; // null: a session cookie, kept until the browser closes
}

export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>();

  constructor(public now = Date.now()) {}

  /** Stores every Set-Cookie of a response, as received at `this.now`. */
  take(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
      const equals = pair.indexOf("=");
      const name = pair.slice(0, equals);
      let expiresAt: number | null = null;
      for (const attribute of attributes) {
        const [key = "", value = ""] = attribute.split("=");
        if (key.toLowerCase() === "max-age") expiresAt = this.now + Number(value) * 1000;
        else if (key.toLowerCase() === "expires" && expiresAt === null) {
          expiresAt = Date.parse(value);
        }
      }
      if (expiresAt !== null && expiresAt <= this.now) this.cookies.delete(name);
      else this.cookies.set(name, { value: pair.slice(equals + 1), expiresAt });
    }
  }

  /** When the named cookie expires (ms), null for a session cookie, undefined when absent. */
  expiry(name: string): number | null | undefined {
    return this.cookies.get(name)?.expiresAt;
  }

  /** The Cookie header a browser would send now. */
  header(): string {
    const live = [...this.cookies].filter(
      ([, c]) => c.expiresAt === null || c.expiresAt > this.now,
    );
    return live.map(([name, c]) => `${name}=${c.value}`).join("; ");
  }
}
