import { type AppLoadContext, redirect } from "@remix-run/node";
import type { MessageKey } from "../i18n/i18n";

/** Redirects after a successful form post, with a one-time message shown by the root layout. */
export async function redirectWithFlash(context: AppLoadContext, request: Request, to: string, key: MessageKey, kind: "success" | "info" | "error" = "success") {
  const { sessions } = context.services;
  const session = await sessions.getSession(request);
  session.flash("flash", { kind, key });
  return redirect(to, { headers: { "Set-Cookie": await sessions.commitSession(request, session) } });
}
