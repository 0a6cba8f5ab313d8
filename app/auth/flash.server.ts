import { type AppLoadContext, redirect } from "@remix-run/node";
import type { MessageKey } from "../i18n/i18n";
import type { SessionFlash } from "./session.server";
import { safeRedirect } from "./session.server";

/** Redirects with a one-time message that the root layout shows on the next page. */
export async function redirectWithFlash(
  context: AppLoadContext,
  request: Request,
  to: string,
  flash: { kind: SessionFlash["flash"]["kind"]; key: MessageKey },
): Promise<Response> {
  const { sessions } = context.services;
  const session = await sessions.getSession(request);
  session.flash("flash", flash);
  return redirect(safeRedirect(to, "/"), { headers: { "Set-Cookie": await sessions.commitSession(request, session) } });
}
