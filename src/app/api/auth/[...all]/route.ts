import { getAuth } from "@/server/auth/auth";
import { errorResponse } from "@/server/http/errors";

// /api/auth/*: Better Auth's own endpoints (sign-up, sign-in, sign-out, get-session)
async function handle(req: Request): Promise<Response> {
  try {
    return await (await getAuth()).handler(req);
  } catch (error) {
    return errorResponse(error);
  }
}

export { handle as GET, handle as POST };
