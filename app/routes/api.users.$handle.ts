import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiHeaders } from "../projects/api";
import { apiGetUser } from "../reputation/profile.server";

/** GET /api/users/:handle — the public profile with its track record; never an e-mail address (docs/decisions/059). */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const user = await apiGetUser(context.services.db, params.handle ?? "", context.services.env.APP_URL, context.services.clock.now());
  if (!user) return Response.json({ error: "not_found" }, { status: 404, headers: apiHeaders });
  return Response.json(user, { headers: apiHeaders });
}
