import { type ActionFunctionArgs, data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ResetPasswordSchema } from "../auth/account-tokens-schema";
import { isUsableToken, resetPassword } from "../auth/account-tokens.server";
import { redirectWithFlash } from "../http/flash.server";
import { FormErrorSummary, TextField } from "../components/ui/field";
import { getTranslator } from "../http/locale.server";
import { useT } from "../i18n/use-t";
import { parseForm } from "../forms/forms";

/** /reset-password?token=… — the token stays out of the path (request logs drop query strings). */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

/** The page's URL carries a token: never send it on as a Referer. */
export const headers: HeadersFunction = ({ loaderHeaders }) => ({ "Referrer-Policy": loaderHeaders.get("Referrer-Policy") ?? "no-referrer" });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { t } = await getTranslator(context, request);
  const token = new URL(request.url).searchParams.get("token");
  const usable = await isUsableToken(context.services.db, "password_reset", token, context.services.clock.now());
  return data(
    { title: `${t("notifications.account.reset.title")} · ${t("app.name")}`, token: usable ? token : null },
    { headers: { "Referrer-Policy": "no-referrer" } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = parseForm(ResetPasswordSchema, await request.formData());
  if (!form.ok) return data({ ...form, invalidToken: false }, { status: 400 });
  const result = await resetPassword(context.services.db, form.data, context.services.clock.now());
  if (!result.ok) return data({ ok: false as const, errors: {}, values: {}, invalidToken: true }, { status: 400 });
  context.logger.info({ userId: result.userId }, "password reset");
  return redirectWithFlash(context, request, "/login", { kind: "success", key: "notifications.account.reset.done" });
}

export default function ResetPassword() {
  const { token } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  const invalid = !token || actionData?.invalidToken;
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">{t("notifications.account.reset.title")}</h1>
      {invalid ? (
        <div className="card mt-6 space-y-3 p-6">
          <p role="alert" className="text-red-800">
            {t("notifications.account.reset.invalid")}
          </p>
          <p>
            <Link to="/forgot-password">{t("notifications.account.reset.again")}</Link>
          </p>
        </div>
      ) : (
        <Form method="post" className="card mt-6 space-y-4 p-6" noValidate>
          <FormErrorSummary errors={errors} />
          <input type="hidden" name="token" value={token} />
          <TextField
            label={t("notifications.account.reset.password")}
            hint={t("auth.field.password.hint")}
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            error={errors?.password}
          />
          <button type="submit" className="btn-primary w-full" disabled={busy}>
            {t("notifications.account.reset.submit")}
          </button>
        </Form>
      )}
    </div>
  );
}
