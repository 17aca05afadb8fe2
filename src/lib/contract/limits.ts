// Limits the server enforces and the client shows before sending.

/** Tags a session may carry, and a list may filter by. */
export const MAX_TAGS_PER_SESSION = 10;
/** Tags a user may have. */
export const MAX_TAGS_PER_USER = 200;
/** A tag's name, in characters. */
export const MAX_TAG_NAME = 40;
