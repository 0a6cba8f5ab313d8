import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { resendVerificationEmail } from "../auth/account-tokens.server";
import { redirectWithFlash } from "../http/flash.server";
import { requireUser } from "../auth/guards.server";
import { safeRedirect } from "../auth/session.server";
import { nudgeDelivery } from "../notifications/delivery.server";

/** The banner's "send the link again" button. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const form = await request.formData();
  const back = safeRedirect(form.get("redirectTo"), "/");
  const result = await resendVerificationEmail(context.services.db, user.id, context.services.clock.now());
  if (result.ok) {
    await nudgeDelivery(context.services);
    return redirectWithFlash(context, request, back, { kind: "success", key: "notifications.account.verify.resent" });
  }
  if (result.error === "TooMany") return redirectWithFlash(context, request, back, { kind: "error", key: "notifications.account.verify.tooMany" });
  return redirect(back);
}

export async function loader() {
  return redirect("/");
}
