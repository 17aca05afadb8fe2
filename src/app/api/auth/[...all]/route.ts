import { getAuth } from "@/server/auth/auth";
import { errorResponse } from "@/server/http/errors";

// /api/auth/*: Better Auth's own endpoints (sign-up, sign-in, sign-out, get-session). An error
// that is not Better Auth's own answer (the per-account limit, the database down) is answered
// in the API's shape.
async function handle(req: Request): Promise<Response> {
  try {
    return await (await getAuth()).handler(req);
  } catch (error) {
    return errorResponse(error);
  }
}

export { handle as GET, handle as POST };
