import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const logLevel = optionalString.pipe(
  z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // The least severe log lines written: debug adds noise, warn keeps only what needs a look.
  LOG_LEVEL: logLevel,
  DATABASE_URL: optionalString,
  CRAFT_DATA_DIR: z.string().trim().min(1).default("./data"),
  DB_POOL_MAX: positiveInt(10),
  DB_CONNECT_TIMEOUT_MS: positiveInt(5_000),
  DB_QUERY_TIMEOUT_MS: positiveInt(15_000),
  REDIS_URL: optionalString,
  BETTER_AUTH_SECRET: optionalString,
  BETTER_AUTH_URL: optionalString,
  BETTER_AUTH_TRUSTED_ORIGINS: optionalString,
  // Sign-in and sign-up attempts per minute per client address, and sign-in attempts per minute
  // per account; 0 turns both limits off.
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(10),
  // The request header that carries the client's address. By default the one npm start sets
  // from the TCP connection (scripts/peer-address.mjs); behind a proxy, the header it sets.
  AUTH_IP_HEADER: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, "must be one HTTP header name")
      .toLowerCase()
      .default("x-craft-peer-address"),
  ),
  // The largest file POST /api/import takes, in bytes (1 GiB by default).
  IMPORT_MAX_BYTES: positiveInt(1024 ** 3),
  // Uploads to POST /api/import per user per hour (429 with Retry-After beyond).
  IMPORT_UPLOADS_PER_HOUR: positiveInt(20),
  CHAT_MAX_CONTENT_CHARS: positiveInt(200_000),
  CHAT_RATE_LIMIT_PER_MINUTE: positiveInt(20),
  // Invitations to a session (POST …/shares) per user per hour, failed ones included.
  SHARE_INVITES_PER_HOUR: positiveInt(30),
  // Read-only share links a user may create per hour (429 with Retry-After beyond).
  SHARE_LINK_RATE_LIMIT_PER_HOUR: positiveInt(30),
  // Open /api/events streams per user, across instances; a new one beyond closes the oldest.
  LIVE_CONNECTIONS_PER_USER: positiveInt(10),
  // How long a stopping server waits for replies still streaming to finish and be saved.
  SHUTDOWN_GRACE_MS: positiveInt(25_000),
  AI_PROVIDER: z.string().trim().default("offline"),
  AI_MODEL: optionalString,
  AI_BASE_URL: optionalString,
  AI_API_KEY: optionalString,
  OPENAI_API_KEY: optionalString,
  ANTHROPIC_API_KEY: optionalString,
  AI_OFFLINE_CHUNK_DELAY_MS: z.coerce.number().int().min(0).default(20),
  AI_CONTEXT_BUDGET_CHARS: positiveInt(48_000),
  AI_PROJECT_FILES_BUDGET_CHARS: positiveInt(16_000),
  // A session's summary is refreshed after a reply once its branch has grown by this many
  // messages; 0 makes summaries only on request (and when a long chat's context needs one).
  AI_SUMMARY_EVERY_MESSAGES: z.coerce.number().int().min(0).default(10),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** The environment, read and validated once per process. */
export function env(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
      throw new Error(`Invalid environment:\n  ${problems.join("\n  ")}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/**
 * LOG_LEVEL alone, for the logger, which is made as the first server module loads: reading the
 * whole environment then would fix it before a test or a script has set it.
 */
export function logLevelFromEnv(): z.infer<typeof logLevel> {
  const parsed = logLevel.safeParse(process.env.LOG_LEVEL);
  if (!parsed.success)
    throw new Error(`Invalid environment:\n  LOG_LEVEL: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
