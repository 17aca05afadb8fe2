import "server-only";
import { randomBytes } from "node:crypto";

/** 32 random bytes, base64url: 43 characters, 256 bits nobody can guess or enumerate. */
export const newShareToken = () => randomBytes(32).toString("base64url");

/** What a token can look like: anything else is unknown without a database read. */
export const SHARE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
