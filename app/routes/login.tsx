import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { LoginSchema } from "../auth/account-schema";
import { isKnownDevice, rememberDevice } from "../auth/known-device.server";
import { attemptLogin } from "../auth/login.server";
import { createUserSession, getOptionalUser } from "../auth/guards.server";
import { claimTouchesOfBrowser } from "../ambassadors/visitor.server";
import { safeRedirect } from "../auth/session.server";
import { FormErrorSummary, TextField } from "../components/ui/field";
import { getTranslator } from "../http/locale.server";
import { useT } from "../i18n/use-t";
import { parseForm } from "../forms/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "/");
  if (await getOptionalUser(context, request)) throw redirect(redirectTo);
  const { t } = await getTranslator(context, request);
  return { title: `${t("auth.login.title")} · ${t("app.name")}` };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = parseForm(LoginSchema, await request.formData());
  if (!form.ok) return data({ ...form, message: null }, { status: 400 });
  const { t } = await getTranslator(context, request);
  const { limits, db, signer } = context.services;
  const { email, password, redirectTo } = form.data;
  const values = { email };
  const knownDevice = await isKnownDevice(signer, request, email);
  const result = await attemptLogin({ db, limits }, { email, password, clientIp: context.clientIp, knownDevice });
  if (!result.ok) {
    if (result.error === "limited") {
      context.logger.warn({ ip: context.clientIp, scope: result.scope }, "login rate-limited");
      const minutes = Math.ceil(result.retryAfterSeconds / 60);
      const message = result.scope === "account" ? t("auth.login.accountLimited", { minutes }) : t("auth.login.rateLimited", { minutes });
      return data({ ok: false as const, errors: {}, values, message }, { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } });
    }
    const message = result.error === "suspended" ? t("auth.login.suspended") : t("auth.login.invalid");
    return data({ ok: false as const, errors: {}, values, message }, { status: 400 });
  }
  // Share-link visits made in this browser before logging in become the member's (issue 16).
  await claimTouchesOfBrowser(context.services.db, request, result.user.id);
  const response = await createUserSession(context, request, result.user, redirectTo);
  response.headers.append("Set-Cookie", await rememberDevice(signer, request, email, new URL(request.url).protocol === "https:"));
  return response;
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const t = useT();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  const redirectTo = params.get("redirectTo");
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">{t("auth.login.title")}</h1>
      {redirectTo && !actionData ? <p className="mt-2 text-stone-700">{t("auth.login.required")}</p> : null}
      <Form method="post" className="card mt-6 space-y-4 p-6" noValidate>
        {actionData?.message ? (
          <p role="alert" className="rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-800">
            {actionData.message}
          </p>
        ) : (
          <FormErrorSummary errors={errors} />
        )}
        <input type="hidden" name="redirectTo" value={redirectTo ?? ""} />
        <TextField
          label={t("auth.field.email")}
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={actionData && !actionData.ok ? actionData.values.email : undefined}
          error={errors?.email}
        />
        <TextField label={t("auth.field.password")} name="password" type="password" autoComplete="current-password" required error={errors?.password} />
        <p className="text-sm">
          <Link to="/forgot-password">{t("notifications.account.forgot.link")}</Link>
        </p>
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {t("auth.login.submit")}
        </button>
      </Form>
      <p className="mt-4 text-center text-sm">
        {t("auth.login.noAccount")} <Link to={`/signup${params.size ? `?${params}` : ""}`}>{t("nav.signup")}</Link>
      </p>
    </div>
  );
}
