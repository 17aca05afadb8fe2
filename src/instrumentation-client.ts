// Runs in the browser before the app. zod (used by the AI SDK) probes `new Function("")` before
// its first parse; the page's CSP refuses eval, so say up front that zod must not try.
import { config } from "zod/v4/core";

config({ jitless: true });
