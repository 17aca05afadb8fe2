// Limits the server enforces and the client shows before sending.

/** Tags a session may carry, and a list may filter by. */
export const MAX_TAGS_PER_SESSION = 10;
/** Tags a user may have. */
export const MAX_TAGS_PER_USER = 200;
/** A tag's name, in characters. */
export const MAX_TAG_NAME = 40;
/** Templates a user may have of their own (built-ins aside). */
export const MAX_TEMPLATES_PER_USER = 100;
/** A template's name, in characters. */
export const MAX_TEMPLATE_NAME = 100;
/** A template's description, in characters. */
export const MAX_TEMPLATE_DESCRIPTION = 500;
/** A session's or template's instructions, in characters. */
export const MAX_INSTRUCTIONS = 10_000;
