import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrorSummary, SelectField, TextField } from "../components/ui/field";
import { parseForm } from "../forms/forms";
import { getTranslator } from "../http/locale.server";
import { useT } from "../i18n/use-t";
import { OnboardingFormSchema } from "../payments/simulated/checkout-schema";
import { requireSimulatedGateway } from "../payments/simulated/route-guard.server";

/**
 * The simulated gateway's Connect onboarding (Stripe's Express onboarding stand-in,
 * docs/decisions/053-payouts.md): the initiator names the account holder and picks a bank. The
 * account's status reaches the app as an account.updated event; the redirect back decides nothing.
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const gateway = requireSimulatedGateway(context);
  const page = await gateway.onboarding.getPage(params.token ?? "");
  if (!page) throw new Response("Not found", { status: 404 });
  const { t } = await getTranslator(context, request);
  return { title: `${t("payments.connect.title")} · ${t("app.name")}`, page };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const gateway = requireSimulatedGateway(context);
  const form = parseForm(OnboardingFormSchema, await request.formData());
  if (!form.ok) return data(form, { status: 400 });
  const result = await gateway.onboarding.submit(params.token ?? "", form.data);
  if (result.ok) return redirect(result.redirectTo);
  return data({ ok: false as const, errors: { [result.field]: result.error }, values: form.data }, { status: 400 });
}

export default function SimulatedOnboarding() {
  const { page } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  const values: Record<string, string> = actionData && !actionData.ok ? (actionData.values as Record<string, string>) : {};
  return (
    <div className="mx-auto max-w-lg">
      <p className="mb-4 rounded-lg border border-amber-400 bg-amber-50 px-3 py-2 text-sm font-medium text-amber-900">{t("payments.sim.badge")}</p>
      <h1 className="text-2xl font-bold">{t("payments.connect.title")}</h1>
      <p className="mt-2 text-stone-800">{t("payments.connect.intro")}</p>
      {page.email ? <p className="mt-1 text-sm text-stone-700">{t("payments.connect.email", { email: page.email })}</p> : null}
      {page.expired ? (
        <div className="mt-6 space-y-3">
          <p role="status">{t("payments.connect.expired")}</p>
          <a className="btn-primary" href={page.refreshUrl}>
            {t("payments.connect.newLink")}
          </a>
        </div>
      ) : (
        <Form method="post" className="card mt-6 space-y-4 p-5" noValidate>
          <FormErrorSummary errors={errors} />
          <TextField
            label={t("payments.connect.holderName")}
            name="holderName"
            autoComplete="name"
            required
            maxLength={100}
            defaultValue={values.holderName ?? ""}
            error={errors?.holderName}
          />
          <SelectField
            label={t("payments.connect.bank")}
            name="bank"
            required
            placeholder={t("payments.connect.chooseBank")}
            options={page.banks.map((b) => ({ value: b.code, label: b.test ? t("payments.connect.testBank") : `${b.name} •••• ${b.ibanLast4}` }))}
            defaultValue={values.bank ?? ""}
            error={errors?.bank}
          />
          <button type="submit" className="btn-primary w-full" disabled={busy}>
            {t("payments.connect.submit")}
          </button>
        </Form>
      )}
    </div>
  );
}
