import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { SignupSchema } from "../auth/account-schema";
import { signUpOrNotify } from "../auth/accounts.server";
import { getOptionalUser } from "../auth/guards.server";
import { safeRedirect } from "../auth/session.server";
import { FormErrorSummary, SelectField, TextField } from "../components/ui/field";
import { overLimit } from "../http/limits.server";
import { getTranslator } from "../http/locale.server";
import { useT } from "../i18n/use-t";
import { listNeighbourhoods } from "../neighbourhoods/neighbourhoods.server";
import { nudgeDelivery } from "../notifications/delivery.server";
import { fieldError, parseForm } from "../forms/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getOptionalUser(context, request)) throw redirect("/profile");
  const { t } = await getTranslator(context, request);
  const neighbourhoods = await listNeighbourhoods(context.services.db);
  return {
    title: `${t("auth.signup.title")} · ${t("app.name")}`,
    neighbourhoods: neighbourhoods.map((n) => ({ value: n.id, label: `${n.name} (${n.city})` })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = parseForm(SignupSchema, await request.formData());
  if (!form.ok) return data(form, { status: 400 });
  const { password: _password, redirectTo: _redirectTo, ...typed } = form.data;
  const limited =
    (await overLimit(context, "signup.client", context.clientIp, typed as Record<string, string>)) ??
    (await overLimit(context, "signup.address", form.data.email, typed as Record<string, string>));
  if (limited) return limited;
  const { locale } = await getTranslator(context, request);
  const { redirectTo, ...input } = form.data;
  const next = safeRedirect(redirectTo, "/profile");
  const result = await signUpOrNotify(context.services.db, { ...input, locale, redirectTo: next }, context.services.clock.now());
  if (!result.ok) return data({ ...fieldError(result.field, result.error), values: typed as Record<string, string> }, { status: 400 });
  if (result.created) context.logger.info({ userId: result.created.id }, "account created");
  // The mail (a verification link, or "you already have an account") was queued: send it now.
  await nudgeDelivery(context.services);
  // The same answer either way, so the form never tells who has an account (issue 8 §4).
  return redirect(`/signup/check-email?${new URLSearchParams({ email: form.data.email })}`);
}

export default function Signup() {
  const { neighbourhoods } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  const values = actionData && !actionData.ok ? actionData.values : {};
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">{t("auth.signup.title")}</h1>
      <p className="mt-2 text-stone-700">{t("auth.signup.intro")}</p>
      <Form method="post" className="card mt-6 space-y-4 p-6" noValidate>
        <FormErrorSummary errors={errors} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <TextField label={t("auth.field.email")} name="email" type="email" autoComplete="email" required defaultValue={values.email} error={errors?.email} />
        <TextField
          label={t("auth.field.displayName")}
          hint={t("auth.field.displayName.hint")}
          name="displayName"
          autoComplete="nickname"
          required
          maxLength={80}
          defaultValue={values.displayName}
          error={errors?.displayName}
        />
        <TextField
          label={t("auth.field.password")}
          hint={t("auth.field.password.hint")}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          error={errors?.password}
        />
        <SelectField
          label={t("auth.field.neighbourhood")}
          name="neighbourhoodId"
          required
          placeholder={t("auth.field.neighbourhood.choose")}
          options={neighbourhoods}
          defaultValue={values.neighbourhoodId ?? ""}
          error={errors?.neighbourhoodId}
        />
        <TextField
          label={t("auth.field.postcode")}
          hint={t("auth.field.postcode.hint")}
          name="postcode"
          inputMode="numeric"
          autoComplete="postal-code"
          optional
          maxLength={7}
          defaultValue={values.postcode}
          error={errors?.postcode}
        />
        <p className="text-sm text-stone-700">
          {t("auth.signup.coc")} <Link to="/code-of-conduct">{t("coc.link")}</Link>
        </p>
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {t("auth.signup.submit")}
        </button>
      </Form>
      <p className="mt-4 text-center text-sm">
        {t("auth.signup.haveAccount")} <Link to={`/login${params.size ? `?${params}` : ""}`}>{t("nav.login")}</Link>
      </p>
    </div>
  );
}
