import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { setUserLocale } from "../auth/accounts.server";
import { getOptionalUser } from "../auth/guards.server";
import { safeRedirect } from "../auth/session.server";
import { isLocale } from "../i18n/i18n";
import { localeCookie } from "../http/locale.server";
import { languagePath } from "../utils/app-url";

/** Switches the language: stored on the account when logged in, and in a cookie either way. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const locale = form.get("locale");
  // Back to the page without a `?lang=` it was opened with, which would outrank the choice just made (decision 065).
  const to = languagePath(safeRedirect(form.get("redirectTo"), "/"), null);
  if (!isLocale(locale)) return redirect(to);
  const user = await getOptionalUser(context, request);
  if (user) await setUserLocale(context.services.db, user.id, locale);
  return redirect(to, { headers: { "Set-Cookie": await localeCookie.serialize(locale) } });
}

export async function loader() {
  return redirect("/");
}
