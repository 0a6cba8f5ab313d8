import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { ForgotPasswordSchema } from "../auth/account-tokens-schema";
import { requestPasswordReset } from "../auth/account-tokens.server";
import { FormErrorSummary, TextField } from "../components/ui/field";
import { getTranslator } from "../http/locale.server";
import { useT } from "../i18n/use-t";
import { nudgeDelivery } from "../notifications/delivery.server";
import { parseForm } from "../forms/forms";
import { overLimit } from "../http/limits.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { t } = await getTranslator(context, request);
  return { title: `${t("notifications.account.forgot.title")} · ${t("app.name")}` };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = parseForm(ForgotPasswordSchema, await request.formData());
  if (!form.ok) return data(form, { status: 400 });
  const limited =
    (await overLimit(context, "reset.client", context.clientIp, { email: form.data.email })) ??
    (await overLimit(context, "reset.address", form.data.email, { email: form.data.email }));
  if (limited) return limited;
  const { sent } = await requestPasswordReset(context.services.db, form.data.email, context.services.clock.now());
  if (sent) await nudgeDelivery(context.services);
  // The same answer whether or not the address has an account.
  return { ok: true as const };
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">{t("notifications.account.forgot.title")}</h1>
      <p className="mt-2 text-stone-700">{t("notifications.account.forgot.intro")}</p>
      {actionData?.ok ? (
        <p role="status" className="card mt-6 p-6 text-brand-900">
          {t("notifications.account.forgot.sent")}
        </p>
      ) : (
        <Form method="post" className="card mt-6 space-y-4 p-6" noValidate>
          <FormErrorSummary errors={errors} />
          <TextField
            label={t("auth.field.email")}
            name="email"
            type="email"
            autoComplete="email"
            required
            defaultValue={actionData && !actionData.ok ? actionData.values.email : undefined}
            error={errors?.email}
          />
          <button type="submit" className="btn-primary w-full" disabled={busy}>
            {t("notifications.account.forgot.submit")}
          </button>
        </Form>
      )}
      <p className="mt-4 text-center text-sm">
        <Link to="/login">{t("nav.login")}</Link>
      </p>
    </div>
  );
}
