import { randomUUID } from "node:crypto";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { formatDateTime, formatMoney } from "../i18n/format";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { getTryOutPage, runTryOut, TRY_HOLD_CENTS, TRY_PAY_CENTS, tryOutEnabled, TryOutSchema } from "../payments/try-out.server";
import { parseForm } from "../forms/forms";

/**
 * Try the payment gateway by hand (development and tests only; a 404 in production). The e2e
 * suite drives the simulated card pages from here.
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!tryOutEnabled(context.services.env)) throw new Response("Not found", { status: 404 });
  const user = await requireUser(context, request);
  const { t } = await getTranslator(context, request);
  const page = await getTryOutPage(context.services, user);
  // A fresh request id per render: a double submit of one form reuses its idempotency key.
  return { title: `${t("payments.dev.title")} · ${t("app.name")}`, page, requestId: randomUUID() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (!tryOutEnabled(context.services.env)) throw new Response("Not found", { status: 404 });
  const user = await requireUser(context, request);
  const form = parseForm(TryOutSchema, await request.formData());
  if (!form.ok) throw new Response("Bad request", { status: 400 });
  const result = await runTryOut(context.services, user, form.data);
  if (result.kind === "redirect") return redirect(result.to);
  return data(result);
}

function Action({
  intent,
  requestId,
  label,
  fields = {},
  primary = false,
}: {
  intent: string;
  requestId: string;
  label: string;
  fields?: Record<string, string>;
  primary?: boolean;
}) {
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" className="inline">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="requestId" value={requestId} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className={primary ? "btn-primary" : "btn-secondary"} disabled={busy}>
        {label}
      </button>
    </Form>
  );
}

export default function TryPayments() {
  const { page, requestId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const pay = formatMoney(TRY_PAY_CENTS, locale);
  const hold = formatMoney(TRY_HOLD_CENTS, locale);
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <div>
        <h1 className="text-2xl font-bold">{t("payments.dev.title")}</h1>
        <p className="mt-2 text-stone-700">{t("payments.dev.intro")}</p>
        {result ? (
          <p role="status" className="mt-4 rounded-lg bg-brand-50 p-3 text-sm text-brand-900">
            {result.kind === "refused"
              ? t("payments.dev.error", { message: result.message })
              : result.kind === "done"
                ? t("payments.dev.result", { status: result.status })
                : null}
          </p>
        ) : null}
      </div>

      <section aria-labelledby="start-heading">
        <h2 id="start-heading" className="text-xl font-bold">
          {t("payments.dev.start")}
        </h2>
        <div className="mt-3 flex flex-wrap gap-3">
          <Action intent="setup" requestId={requestId} label={t("payments.dev.saveMethod")} primary />
          <Action intent="pay" requestId={requestId} label={t("payments.dev.payNow", { amount: pay })} />
          <Action intent="hold-session" requestId={requestId} label={t("payments.dev.holdNow", { amount: hold })} />
        </div>
      </section>

      <section aria-labelledby="methods-heading">
        <h2 id="methods-heading" className="text-xl font-bold">
          {t("payments.dev.methods")}
        </h2>
        {page.methods.length === 0 ? (
          <p className="mt-2 text-stone-700">{t("payments.dev.methods.none")}</p>
        ) : (
          <ul className="mt-3 space-y-3">
            {page.methods.map((m) => (
              <li key={m.id} className="card flex flex-wrap items-center gap-3 p-4">
                <span className="font-medium">{m.label}</span>
                <Action intent="charge" requestId={requestId} fields={{ paymentMethodId: m.id }} label={t("payments.dev.charge", { amount: pay })} />
                {m.type === "card" ? (
                  <Action intent="hold" requestId={requestId} fields={{ paymentMethodId: m.id }} label={t("payments.dev.hold", { amount: hold })} />
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="payments-heading">
        <h2 id="payments-heading" className="text-xl font-bold">
          {t("payments.dev.payments")}
        </h2>
        {page.payments.length === 0 ? (
          <p className="mt-2 text-stone-700">{t("payments.dev.payments.none")}</p>
        ) : (
          <ul className="mt-3 space-y-3">
            {page.payments.map((p) => (
              <li key={p.id} className="card flex flex-wrap items-center gap-3 p-4" data-payment-status={p.status}>
                <span className="font-medium">{t("payments.dev.payment.row", { amount: formatMoney(p.amountCents, locale), status: p.status })}</span>
                {p.status === "requires_action" && p.nextActionUrl ? (
                  <a className="btn-primary" href={p.nextActionUrl}>
                    {t("payments.dev.authenticate")}
                  </a>
                ) : null}
                {p.status === "requires_capture" ? (
                  <>
                    <Action
                      intent="capture"
                      requestId={requestId}
                      fields={{ paymentId: p.id }}
                      label={t("payments.dev.capture", { amount: formatMoney(p.amountCapturableCents, locale) })}
                    />
                    <Action intent="release" requestId={requestId} fields={{ paymentId: p.id }} label={t("payments.dev.release")} />
                  </>
                ) : null}
                {p.status === "succeeded" && p.amountReceivedCents > p.amountRefundedCents ? (
                  <Action intent="refund" requestId={requestId} fields={{ paymentId: p.id }} label={t("payments.dev.refund")} />
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="events-heading">
        <h2 id="events-heading" className="text-xl font-bold">
          {t("payments.dev.events")}
        </h2>
        {page.events.length === 0 ? (
          <p className="mt-2 text-stone-700">{t("payments.dev.events.none")}</p>
        ) : (
          <ol className="mt-3 space-y-1 text-sm" aria-label={t("payments.dev.events")}>
            {page.events.map((e) => (
              <li key={e.eventId}>
                <time dateTime={new Date(e.receivedAt).toISOString()}>{formatDateTime(e.receivedAt, locale)}</time> · <code>{e.type}</code>
                {e.outcome ? ` · ${e.outcome}` : ""}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
