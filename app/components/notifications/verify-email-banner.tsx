import { Form, useLocation } from "@remix-run/react";
import { useT } from "../../i18n/use-t";

/** A gentle reminder while the account's e-mail address is unconfirmed, with a resend button. */
export function VerifyEmailBanner({ email }: { email: string }) {
  const t = useT();
  const location = useLocation();
  return (
    <div className="mx-auto mt-4 flex w-full max-w-6xl flex-wrap items-center gap-3 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950">
      <p className="flex-1">{t("notifications.account.verify.banner", { email })}</p>
      <Form method="post" action="/verify-email/resend">
        <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
        <button type="submit" className="btn-secondary px-3 py-1.5">
          {t("notifications.account.verify.resend")}
        </button>
      </Form>
    </div>
  );
}
