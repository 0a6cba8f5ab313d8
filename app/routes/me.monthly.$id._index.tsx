import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { FormErrorSummary } from "../components/ui/field";
import { MoneyField } from "../components/ui/money-field";
import { fieldError, parseIntentForm } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { getTranslator } from "../http/locale.server";
import { formatDate, formatMoney } from "../i18n/format";
import { useLocale, useT } from "../i18n/use-t";
import { changeGiftSchema } from "../recurring/gift-schema";
import { changeMonthlyGift } from "../recurring/gifts.server";
import { getMyGift } from "../recurring/reads.server";
import { GiftStatusBadge } from "../components/recurring/gift-status";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

/** One monthly gift in "Mijn steun": its months, and the forms to change the amount, pause, resume, fix or stop it. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const gift = await getMyGift(context.services.db, params.id ?? "", user.id);
  if (!gift) throw new Response("Not found", { status: 404 });
  const { t } = await getTranslator(context, request);
  return {
    title: `${t("recurring.detail.title", { project: gift.targetTitle })} · ${t("app.name")}`,
    gift,
    fixed: new URL(request.url).searchParams.get("fixed") === "1",
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  // Another member's gift is not found, before the form is read.
  if (!(await getMyGift(context.services.db, params.id ?? "", user.id))) throw new Response("Not found", { status: 404 });
  const { locale } = await getTranslator(context, request);
  const form = parseIntentForm(changeGiftSchema(locale), await request.formData());
  if (!form.ok) return data({ ...form, intent: form.intent }, { status: 400 });
  const { db, clock } = context.services;
  const action =
    form.data.intent === "amount"
      ? { type: "change_amount" as const, amountCents: form.data.amount }
      : form.data.intent === "pause"
        ? { type: "pause" as const }
        : { type: "resume" as const };
  const result = await changeMonthlyGift(db, { giftId: params.id ?? "", giverId: user.id, action, now: clock.now() });
  if (!result.ok) return data({ ...fieldError(form.data.intent === "amount" ? "amount" : "_form", result.error), intent: form.data.intent }, { status: 400 });
  const key = form.data.intent === "amount" ? "recurring.change.saved" : form.data.intent === "pause" ? "recurring.pause.saved" : "recurring.resume.saved";
  return redirectWithFlash(context, request, `/me/monthly/${params.id}`, { kind: "success", key });
}

export default function MonthlyGift() {
  const { gift, fixed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const errorsFor = (intent: string) => (actionData && !actionData.ok && actionData.intent === intent ? actionData.errors : undefined);
  const changeable = gift.status === "active" || gift.status === "paused";
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <p>
        <Link to="/me/pledges">← {t("pledges.mine.title")}</Link>
      </p>
      <h1 className="text-3xl font-bold">{t("recurring.detail.title", { project: gift.targetTitle })}</h1>
      <section className="card space-y-2 p-6" aria-label={t("recurring.mine.title")}>
        <p className="flex flex-wrap items-center gap-2">
          <GiftStatusBadge status={gift.status} /> <strong>{t("recurring.mine.perMonth", { amount: formatMoney(gift.amountCents, locale) })}</strong>
        </p>
        {gift.nextChargeAt && gift.status !== "cancelled" ? <p>{t("recurring.mine.next", { date: formatDate(gift.nextChargeAt, locale) })}</p> : null}
        <p className="text-sm text-stone-700">{t("recurring.mine.paid", { count: gift.paidMonths, amount: formatMoney(gift.paidCents, locale) })}</p>
        <p>
          {gift.targetKind === "fund" ? <span className="mr-2 text-xs font-semibold uppercase text-emerald-800">{t("fund.mine.kind")}</span> : null}
          <Link to={gift.targetPath}>{gift.targetTitle}</Link>
        </p>
        {fixed ? (
          <p role="status" className="rounded-lg bg-amber-50 p-3 text-amber-900">
            {t("recurring.fix.pending")}
          </p>
        ) : null}
        {gift.fixable ? (
          <p>
            <Link to={`/me/monthly/${gift.id}/fix`} className="btn-primary">
              {t("recurring.fix.link")}
            </Link>
          </p>
        ) : null}
      </section>
      {changeable ? (
        <section className="card space-y-4 p-6" aria-labelledby="change-amount">
          <h2 id="change-amount" className="text-xl font-semibold">
            {t("recurring.change.legend")}
          </h2>
          <Form method="post" className="space-y-3" noValidate>
            <input type="hidden" name="intent" value="amount" />
            <FormErrorSummary errors={errorsFor("amount")} />
            <MoneyField
              label={t("recurring.start.amount")}
              name="amount"
              hint={t("recurring.start.hint")}
              error={errorsFor("amount")?.amount}
              defaultValue={gift.amountCents}
              required
            />
            <button type="submit" className="btn-secondary" disabled={busy}>
              {t("recurring.change.submit")}
            </button>
          </Form>
          <Form method="post" className="space-y-2">
            <input type="hidden" name="intent" value={gift.status === "paused" ? "resume" : "pause"} />
            <FormErrorSummary errors={errorsFor(gift.status === "paused" ? "resume" : "pause")} />
            {gift.status === "active" ? <p className="text-sm text-stone-700">{t("recurring.pause.explain")}</p> : null}
            <button type="submit" className="btn-secondary" disabled={busy}>
              {gift.status === "paused" ? t("recurring.resume.submit") : t("recurring.pause.submit")}
            </button>
          </Form>
        </section>
      ) : null}
      {gift.status !== "cancelled" ? (
        <p>
          <Link to={`/me/monthly/${gift.id}/cancel`} className="text-red-800 underline">
            {t("recurring.cancel.link")}
          </Link>
        </p>
      ) : null}
      <section className="card space-y-2 p-6" aria-labelledby="payments">
        <h2 id="payments" className="text-xl font-semibold">
          {t("recurring.detail.payments")}
        </h2>
        {gift.payments.length === 0 ? (
          <p className="text-stone-700">{t("recurring.detail.noPayments")}</p>
        ) : (
          <ul className="divide-y divide-stone-200">
            {gift.payments.map((p) => (
              <li key={p.period} className="flex flex-wrap justify-between gap-2 py-2 text-sm">
                <span>
                  {t("recurring.detail.month")} {p.period}
                </span>
                <span className="tabular-nums">{formatMoney(p.amountCents, locale)}</span>
                <span>
                  {p.status === "failed"
                    ? t("recurring.detail.paymentStatus.failed", { attempts: p.attempts })
                    : t(`recurring.detail.paymentStatus.${p.status}`)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
