import { type ActionFunctionArgs, data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { VerifyEmailSchema } from "../auth/account-tokens-schema";
import { isUsableToken, verifyEmail } from "../auth/account-tokens.server";
import { getUserById } from "../auth/accounts.server";
import { createUserSession, getOptionalUser } from "../auth/guards.server";
import { claimTouchesOfBrowser } from "../ambassadors/visitor.server";
import { redirectWithFlash } from "../http/flash.server";
import { getTranslator } from "../http/locale.server";
import { useT } from "../i18n/use-t";
import { parseForm } from "../forms/forms";

/**
 * /verify-email?token=… shows a button; the POST confirms. Link scanners that fetch the URL do not
 * use the token up. No login needed: the link may be opened on another device.
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

/** The page's URL carries a token: never send it on as a Referer. */
export const headers: HeadersFunction = ({ loaderHeaders }) => ({ "Referrer-Policy": loaderHeaders.get("Referrer-Policy") ?? "no-referrer" });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { t } = await getTranslator(context, request);
  const token = new URL(request.url).searchParams.get("token");
  const usable = await isUsableToken(context.services.db, "verify_email", token, context.services.clock.now());
  return data(
    { title: `${t("notifications.account.verify.title")} · ${t("app.name")}`, token: usable ? token : null },
    { headers: { "Referrer-Policy": "no-referrer" } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = parseForm(VerifyEmailSchema, await request.formData());
  const result = form.ok ? await verifyEmail(context.services.db, form.data.token, context.services.clock.now()) : null;
  if (!result?.ok) return data({ ok: false as const }, { status: 400 });
  const flash = { kind: "success" as const, key: "notifications.account.verify.done" as const };
  // The link proves the mailbox: it also logs in (sign-up no longer does, issue 8 §4), unless this
  // browser is already logged in as someone.
  const current = await getOptionalUser(context, request);
  if (current) return redirectWithFlash(context, request, result.redirectTo ?? "/", flash);
  const user = await getUserById(context.services.db, result.userId);
  if (!user || user.suspended) return redirectWithFlash(context, request, "/login", flash);
  const { passwordChangedAt: _p, suspended: _s, ...sessionUser } = user;
  // Share-link visits made in this browser before signing up become the new member's (issue 16).
  await claimTouchesOfBrowser(context.services.db, request, user.id);
  return createUserSession(context, request, sessionUser, result.redirectTo ?? "/", flash);
}

export default function VerifyEmail() {
  const { token } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">{t("notifications.account.verify.title")}</h1>
      {!token || actionData ? (
        <p role="alert" className="card mt-6 p-6 text-red-800">
          {t("notifications.account.verify.invalid")}
        </p>
      ) : (
        <Form method="post" className="card mt-6 space-y-4 p-6">
          <p>{t("notifications.account.verify.intro")}</p>
          <input type="hidden" name="token" value={token} />
          <button type="submit" className="btn-primary w-full" disabled={busy}>
            {t("notifications.account.verify.submit")}
          </button>
        </Form>
      )}
    </div>
  );
}
