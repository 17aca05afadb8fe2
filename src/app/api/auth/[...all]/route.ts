import { getAuth } from "@/server/auth/auth";
import { limitSignInPerAccount } from "@/server/auth/rate-limit";
import { errorResponse } from "@/server/http/errors";

// /api/auth/*: Better Auth's own endpoints (sign-up, sign-in, sign-out, get-session), behind
// the per-account sign-in limit
async function handle(req: Request): Promise<Response> {
  try {
    await limitSignInPerAccount(req);
    return await (await getAuth()).handler(req);
  } catch (error) {
    return errorResponse(error);
  }
}

export { handle as GET, handle as POST };
