// What an import file may hold. Each bounds the memory or time one file can take from the
// server, whatever it claims about itself; docs/import-formats.md states them for users.

/** The largest conversations.json read out of a zip, counted as it is inflated. */
export const MAX_ZIP_ENTRY_BYTES = 1024 * 1024 * 1024;
/** Beyond this inflate-to-compressed ratio an entry is taken for a zip bomb... */
export const MAX_ZIP_RATIO = 100;
/** ...unless it inflates to less than this: a tiny entry may compress very well. */
export const ZIP_RATIO_EXEMPT_BYTES = 16 * 1024 * 1024;
/** One conversation's JSON (an element of the top-level array, or the whole single object). */
export const MAX_CONVERSATION_BYTES = 64 * 1024 * 1024;
/** Messages of one conversation, every branch counted. */
export const MAX_MESSAGES_PER_CONVERSATION = 100_000;
/** One message's imported text, in UTF-16 code units (about 1 MB of text). */
export const MAX_MESSAGE_CHARS = 1_000_000;
/** How deep LibreChat's recursive export may nest its messages (one level per reply). */
export const MAX_TREE_DEPTH = MAX_MESSAGES_PER_CONVERSATION;
