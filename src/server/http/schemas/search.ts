import { z } from "zod";
import {
  COMMON_IN_PROBE,
  PROBE_MESSAGES,
  RANKED_CANDIDATES,
  RECENT_MESSAGES,
} from "@/server/queries/search";
import { codePoints, idParam, limitParam, safeText } from "./common";

export const searchOrders = ["relevance", "newest"] as const;
export type SearchOrder = (typeof searchOrders)[number];

/** The longest query, in characters: a search box's worth, and a bounded query tree. */
export const MAX_QUERY_CHARS = 500;
export const DEFAULT_SEARCH_LIMIT = 20;
const count = (n: number) => n.toLocaleString("en-US");
export const RANKED_CANDIDATES_DOC =
  "`order=relevance` ranks matches by how densely the words occur in them (a shorter text " +
  "first at equal density, a session's name above a message) among the most recent ones: " +
  `all of a rare word's (the newest ${count(RANKED_CANDIDATES)}), or, for a word in ` +
  `${(COMMON_IN_PROBE / PROBE_MESSAGES) * 100}% or more of your ${count(PROBE_MESSAGES)} most ` +
  `recent messages, those among your ${count(RECENT_MESSAGES)} most recent ` +
  `messages (the newest ${count(RANKED_CANDIDATES)}). \`order=newest\` reaches every match.`;

export const searchQuery = z.object({
  q: safeText(10_000)
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(1, "must not be empty")
        .refine(
          (s) => codePoints(s) <= MAX_QUERY_CHARS,
          `must be at most ${MAX_QUERY_CHARS} characters`,
        ),
    )
    .meta({
      description:
        "What to find, as in a web search engine: words (all must appear, in any order, as " +
        'whole words, case-insensitive), `"a phrase in quotes"`, `-word` to leave out what ' +
        "has it, `or` between alternatives. Code finds itself: `useEffect`, " +
        "`ERR_MODULE_NOT_FOUND`, `src/app/page.tsx` (or `page.tsx`), `snake_case_name`, " +
        "`foo.bar()`. No stemming: `run` does not find `running`. CJK text matches any run of " +
        `its characters. Trimmed, 1–${MAX_QUERY_CHARS} characters.`,
      override: { minLength: 1, maxLength: MAX_QUERY_CHARS },
    }),
  projectId: idParam.optional().meta({
    description: "Only this project's sessions; all your projects without it.",
  }),
  order: z
    .enum(searchOrders)
    .default("relevance")
    .meta({
      description:
        "`relevance`: best match first, among the most recent matches (see the operation); " +
        "`newest`: most recent first.",
    }),
  limit: limitParam(50)
    .default(DEFAULT_SEARCH_LIMIT)
    .meta({
      description: `Results per page, 1–50; ${DEFAULT_SEARCH_LIMIT} by default.`,
      override: { default: DEFAULT_SEARCH_LIMIT },
    }),
  cursor: z
    .string()
    .min(1)
    .max(512)
    .optional()
    .meta({ description: "The `nextCursor` of the previous page (same `q` and `order`)." }),
});
export type SearchQuery = z.infer<typeof searchQuery>;
