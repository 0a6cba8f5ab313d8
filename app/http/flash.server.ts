import { type AppLoadContext, redirect } from "@remix-run/node";
import type { MessageKey } from "../i18n/i18n";
import type { SessionFlash } from "../auth/session.server";
import { safeRedirect } from "../auth/session.server";

/**
 * THE flash redirect: a one-time message that the root layout shows on the next page. It only
 * goes to same-site paths (`safeRedirect`), so a `redirectTo` taken from a form or a query string can
 * never send anyone to another site.
 */
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
