// Every port the e2e run listens on, from one base (E2E_PORT, 3400 by default), so two runs on
// one machine can be kept apart by setting it.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3400);

export const PORTS = {
  /** The built app every spec shares (tests/e2e/global-setup.ts). */
  app: E2E_PORT,
  /** `next dev`, for the StrictMode spec. */
  dev: Number(process.env.E2E_DEV_PORT ?? E2E_PORT + 1),
  /** The two instances of the multi-instance spec. */
  instanceA: E2E_PORT + 10,
  instanceB: E2E_PORT + 11,
  /** The app with the sign-in limit on, for the forwarded-address spec. */
  forwarded: E2E_PORT + 20,
};
