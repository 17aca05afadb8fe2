import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname, "src"),
  // Next swaps this for an empty module on the server; outside Next it would throw.
  "server-only": path.resolve(import.meta.dirname, "tests/helpers/empty-module.ts"),
};

const integration = (name: string, setup: string) => ({
  resolve: { alias },
  test: {
    name,
    include: ["tests/integration/**/*.test.ts"],
    setupFiles: [setup],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      { resolve: { alias }, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      integration("integration-pglite", "tests/helpers/setup-pglite.ts"),
      integration("integration-postgres", "tests/helpers/setup-postgres.ts"),
    ],
  },
});
