import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrorSummary, SelectField, TextField } from "../components/ui/field";
import { formatMoney } from "../i18n/format";
import type { MessageKey } from "../i18n/i18n";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { CheckoutFormSchema } from "../payments/simulated/checkout-schema";
import { requireSimulatedGateway } from "../payments/simulated/route-guard.server";
import { formatCardNumber, testCards } from "../payments/simulated/test-cards";
import { parseIntentForm } from "../forms/forms";

/**
 * The simulated gateway's hosted page (Stripe Checkout's stand-in): save a method, pay, or
 * authorize a hold. Its URL is its key, as with Stripe. Outcomes reach the app as gateway events;
 * the redirect to the return URL decides nothing (docs/decisions/022).
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const gateway = requireSimulatedGateway(context);
  const page = await gateway.hosted.getCheckoutPage(params.sessionId ?? "");
  if (!page) throw new Response("Not found", { status: 404 });
  const { t } = await getTranslator(context, request);
  const titleKey: MessageKey = page.mode === "setup" ? "payments.sim.title.setup" : page.hold ? "payments.sim.title.hold" : "payments.sim.title.payment";
  return { title: `${t(titleKey)} · ${t("app.name")}`, titleKey, page };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const gateway = requireSimulatedGateway(context);
  const formData = await request.formData();
  const form = parseIntentForm(CheckoutFormSchema, formData, "card");
  const intent = form.intent === "ideal" ? "ideal" : "card";
  if (!form.ok) return data({ ...form, intent }, { status: 400 });
  const sessionId = params.sessionId ?? "";
  const result =
    form.data.intent === "card"
      ? await gateway.hosted.submitCard(sessionId, {
          number: form.data.cardNumber,
          expMonth: form.data.expiry.expMonth,
          expYear: form.data.expiry.expYear,
          cvc: form.data.cvc,
        })
      : await gateway.hosted.chooseBank(sessionId, form.data.bank);
  if (result.ok) return redirect(result.redirectTo);
  const values = form.data.intent === "card" ? { expiry: formData.get("expiry")?.toString() ?? "" } : { bank: form.data.bank };
  return data({ ok: false as const, errors: { [result.field]: result.error }, values, intent }, { status: 400 });
}

export default function SimulatedCheckout() {
  const { titleKey, page } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const amount = page.amountCents !== null ? formatMoney(page.amountCents, locale) : "";
  const errorsFor = (intent: "card" | "ideal") => (actionData && !actionData.ok && actionData.intent === intent ? actionData.errors : undefined);
  const valuesFor = (intent: "card" | "ideal") => (actionData && !actionData.ok && actionData.intent === intent ? actionData.values : {});
  const cardErrors = errorsFor("card");
  const bankErrors = errorsFor("ideal");
  const submitKey: MessageKey =
    page.mode === "setup" ? "payments.sim.card.submit.setup" : page.hold ? "payments.sim.card.submit.hold" : "payments.sim.card.submit.payment";
  const intro =
    page.mode === "setup" ? t("payments.sim.intro.setup") : page.hold ? t("payments.sim.intro.hold", { amount }) : t("payments.sim.intro.payment", { amount });

  return (
    <div className="mx-auto max-w-xl">
      <p className="mb-4 rounded-lg border border-amber-400 bg-amber-50 px-3 py-2 text-sm font-medium text-amber-900">{t("payments.sim.badge")}</p>
      <h1 className="text-2xl font-bold">{t(titleKey)}</h1>
      <p className="mt-1 text-stone-700">{t("payments.sim.merchant")}</p>
      <div className="card mt-4 space-y-1 p-4 text-stone-800">
        {page.amountCents !== null ? (
          <p className="text-xl font-semibold">
            {t("payments.sim.amount")}: {amount}
          </p>
        ) : null}
        {page.description ? <p>{t("payments.sim.for", { description: page.description })}</p> : null}
        <p className="text-sm text-stone-600">{t("payments.sim.customer", { name: page.customerName, email: page.customerEmail })}</p>
        <p className="pt-2">{intro}</p>
        {page.mode === "payment" && page.saveMethod ? <p>{t("payments.sim.intro.saveMethod")}</p> : null}
      </div>

      {page.status === "complete" ? (
        <div className="mt-6 space-y-3">
          <p role="status">{t("payments.sim.complete")}</p>
          <a className="btn-primary" href={page.returnUrl}>
            {t("payments.sim.continue")}
          </a>
        </div>
      ) : page.status === "expired" ? (
        <div className="mt-6 space-y-3">
          <p role="status">{t("payments.sim.expired")}</p>
          <a className="btn-secondary" href={page.cancelUrl}>
            {t("payments.sim.cancel")}
          </a>
        </div>
      ) : page.status === "awaiting_authentication" && page.authUrl ? (
        <div className="mt-6 space-y-3">
          <p role="status">{t("payments.sim.awaiting")}</p>
          <a className="btn-primary" href={page.authUrl}>
            {t("payments.sim.awaiting.link")}
          </a>
        </div>
      ) : (
        <>
          {page.error && !actionData ? (
            <p role="alert" className="mt-6 rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-800">
              {t(page.error)}
            </p>
          ) : null}
          <h2 className="mt-6 text-xl font-bold">{t("payments.sim.chooseMethod")}</h2>
          {page.methods.includes("card") ? (
            <section aria-labelledby="card-heading" className="card mt-4 p-5">
              <h3 id="card-heading" className="text-lg font-semibold">
                {t("payments.sim.card.heading")}
              </h3>
              <Form method="post" className="mt-3 space-y-4" noValidate>
                <input type="hidden" name="intent" value="card" />
                <FormErrorSummary errors={cardErrors} />
                <TextField
                  label={t("payments.sim.card.number")}
                  hint={t("payments.sim.card.number.hint")}
                  name="cardNumber"
                  inputMode="numeric"
                  autoComplete="cc-number"
                  required
                  maxLength={23}
                  error={cardErrors?.cardNumber}
                />
                <div className="grid grid-cols-2 gap-4">
                  <TextField
                    label={t("payments.sim.card.expiry")}
                    name="expiry"
                    inputMode="numeric"
                    autoComplete="cc-exp"
                    placeholder={t("payments.sim.card.expiry.placeholder")}
                    required
                    maxLength={7}
                    defaultValue={valuesFor("card").expiry}
                    error={cardErrors?.expiry}
                  />
                  <TextField
                    label={t("payments.sim.card.cvc")}
                    name="cvc"
                    inputMode="numeric"
                    autoComplete="cc-csc"
                    required
                    maxLength={4}
                    error={cardErrors?.cvc}
                  />
                </div>
                <button type="submit" className="btn-primary w-full" disabled={busy}>
                  {t(submitKey, { amount })}
                </button>
              </Form>
            </section>
          ) : null}
          {page.methods.includes("ideal") ? (
            <section aria-labelledby="ideal-heading" className="card mt-4 p-5">
              <h3 id="ideal-heading" className="text-lg font-semibold">
                {t("payments.sim.ideal.heading")}
              </h3>
              <Form method="post" className="mt-3 space-y-4" noValidate>
                <input type="hidden" name="intent" value="ideal" />
                <FormErrorSummary errors={bankErrors} />
                <SelectField
                  label={t("payments.sim.ideal.bank")}
                  hint={page.mode === "setup" ? t("payments.sim.ideal.hint.setup") : t("payments.sim.ideal.hint.payment")}
                  name="bank"
                  required
                  placeholder={t("payments.sim.ideal.chooseBank")}
                  options={page.banks.map((b) => ({ value: b.code, label: b.test ? t("payments.bank.testBounce") : b.name }))}
                  defaultValue={valuesFor("ideal").bank ?? ""}
                  error={bankErrors?.bank}
                />
                <button type="submit" className="btn-primary w-full" disabled={busy}>
                  {t("payments.sim.ideal.submit")}
                </button>
              </Form>
            </section>
          ) : null}
          {page.methods.includes("card") ? (
            <details className="mt-6 rounded-lg border border-stone-300 bg-white p-4" open>
              <summary className="cursor-pointer font-semibold">{t("payments.sim.testCards.title")}</summary>
              <p className="mt-2 text-sm text-stone-700">{t("payments.sim.testCards.intro")}</p>
              <ul className="mt-2 space-y-1 text-sm">
                {testCards.map((c) => (
                  <li key={c.number}>
                    <code className="font-mono">{formatCardNumber(c.number)}</code>: {t(`payments.sim.testCards.${c.behaviour}`)}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          <p className="mt-6">
            <a href={page.cancelUrl}>{t("payments.sim.cancel")}</a>
          </p>
        </>
      )}
    </div>
  );
}
