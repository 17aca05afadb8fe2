import type { SummaryInput, SummaryText } from "./summary-text";

const OPENING = "Opened with: ";
const COUNTS = "So far: ";
const KEY_SENTENCES = 6;
const QUOTE_CHARS = 140;

/**
 * The offline model's summary: no model, only the text itself, so it is the same every time.
 * The opening question, the latest one, running counts, and the questions' most telling
 * sentences (those whose words recur most across the new messages). Its state between steps
 * lives in its own key points, so a step reads only the new messages, like a model's.
 */
export function extractiveSummary({ previous, messages, firstNumber }: SummaryInput): SummaryText {
  const total = firstNumber + messages.length - 1;
  const questions = messages.filter((m) => m.role === "user").map((m) => m.content);
  const earlier = previous?.keyPoints ?? [];
  const opening =
    earlier.find((point) => point.startsWith(OPENING))?.slice(OPENING.length) ??
    quote(questions[0] ?? "");
  const latest = quote(questions.at(-1) ?? "");
  const counts = countsAfter(
    earlier.find((point) => point.startsWith(COUNTS)),
    messages,
  );

  const sentences = [
    ...earlier.filter((point) => !point.startsWith(OPENING) && !point.startsWith(COUNTS)),
    ...keySentences(questions),
  ];
  // The opening question is a key point of its own already.
  const unique = [...new Set(sentences)]
    .filter((sentence) => !opening.includes(sentence))
    .slice(-KEY_SENTENCES);

  // The topic first: a list shows the summary's first line.
  const text = [
    opening ? sentence(`Opened with ${opening}`) : "",
    latest && latest !== opening ? sentence(`The latest question: ${latest}`) : "",
    `${total} message${total === 1 ? "" : "s"}: ${counts.questions} question${counts.questions === 1 ? "" : "s"}, ${counts.code} with code.`,
  ]
    .filter(Boolean)
    .join(" ");
  return {
    text,
    keyPoints: [
      ...(opening ? [`${OPENING}${opening}`] : []),
      `${COUNTS}${counts.questions} questions, ${counts.replies} replies, ${counts.code} with code`,
      ...unique,
    ],
  };
}

function countsAfter(point: string | undefined, messages: SummaryInput["messages"]) {
  const [questions = 0, replies = 0, code = 0] = (point?.match(/\d+/g) ?? []).map(Number);
  return {
    questions: questions + messages.filter((m) => m.role === "user").length,
    replies: replies + messages.filter((m) => m.role === "assistant").length,
    code: code + messages.filter((m) => m.content.includes("```")).length,
  };
}

/** Ends with a full stop, unless a quotation ending in its own already does. */
function sentence(text: string): string {
  return /[.?!…]”$/.test(text) ? text : `${text}.`;
}

/** A short, one-line quotation of a text. */
function quote(text: string): string {
  const line = text
    .replace(/```[\s\S]*?(```|$)/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (!line) return "";
  return `“${line.length > QUOTE_CHARS ? `${line.slice(0, QUOTE_CHARS - 1).trimEnd()}…` : line}”`;
}

/** The three sentences whose words recur most across these questions, in their order. */
function keySentences(questions: string[]): string[] {
  const sentences = questions.flatMap((question) =>
    question
      .replace(/```[\s\S]*?(```|$)/g, " ")
      .split(/(?<=[.!?])\s+|\n+/)
      .map((sentence) => sentence.replace(/\s+/g, " ").trim())
      .filter((sentence) => words(sentence).length >= 3 && sentence.length <= 200),
  );
  const frequency = new Map<string, number>();
  for (const sentence of sentences)
    for (const word of new Set(words(sentence)))
      frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const score = (sentence: string) => {
    const own = words(sentence);
    return own.reduce((sum, word) => sum + (frequency.get(word) ?? 0), 0) / Math.sqrt(own.length);
  };
  const ranked = sentences
    .map((sentence, index) => ({ sentence, index, score: score(sentence) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, 3)
    .sort((a, b) => a.index - b.index);
  return ranked.map(({ sentence }) => sentence);
}

/** A sentence's content words: lower-cased, four letters or more. */
function words(sentence: string): string[] {
  return (sentence.toLowerCase().match(/[\p{L}\p{N}_]{4,}/gu) ?? []).filter(
    (word) => !STOP_WORDS.has(word),
  );
}

const STOP_WORDS = new Set(
  "about after also because been before being could does doing from have here into just like more most much only other over should some such than that their them then there these they this those through very want what when where which while will with would your".split(
    " ",
  ),
);
