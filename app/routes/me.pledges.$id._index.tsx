import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { PrintButton } from "../components/ui/print-button";
import { PledgeStatusBadge } from "../components/projects/status";
import { formatDateTime, formatMoney } from "../i18n/format";
import type { MessageKey } from "../i18n/i18n";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { moderatorRefundReason } from "../pledges/moderator-refunds.server";
import { getPledgeOfBacker, listPledgeHistory } from "../pledges/pledges.server";
import type { ReceiptLine } from "../pledges/views";
import { pledgeFeeSummary } from "../pledges/fees.server";
import { type FeeLine, feeLinesFor, feeSentence } from "../pledges/fee-text";
import { GatewayRequestError } from "../payments/gateway";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const { db, clock, gateway, fees } = context.services;
  const pledge = await getPledgeOfBacker(db, params.id ?? "", user.id, clock.now());
  if (!pledge) throw new Response("Not found", { status: 404 });
  const { t } = await getTranslator(context, request);
  // Before the charge: what it will cost, for the method it will be charged with.
  let expected: FeeLine[] = [];
  if ((pledge.status === "active" || pledge.status === "payment_failed") && pledge.paymentMethodRef) {
    try {
      const method = await gateway.getPaymentMethod(pledge.paymentMethodRef);
      if (method) expected = feeLinesFor(pledge.amountCents, method.type, pledge.project.fundingModel, { ...fees, platformBps: pledge.platformFeeBps });
    } catch (error) {
      if (!(error instanceof GatewayRequestError)) throw error;
    }
  }
  return {
    title: `${t("pledges.receipt.title")} · ${pledge.project.title} · ${t("app.name")}`,
    pledge,
    history: await listPledgeHistory(db, pledge.id),
    backer: user.displayName,
    refundReason: pledge.status === "refunded" ? await moderatorRefundReason(db, pledge.id) : null,
    fees: await pledgeFeeSummary(db, pledge.id),
    expected,
  };
}

export default function Receipt() {
  const { pledge, history, backer, refundReason, fees, expected } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3 print:hidden">
        <Link to="/me/pledges">← {t("pledges.mine.title")}</Link>
        <PrintButton />
      </div>
      <section className="card space-y-4 p-6 print:border-0 print:p-0 print:shadow-none" aria-labelledby="receipt">
        <h1 id="receipt" className="text-2xl font-bold">
          {t("pledges.receipt.title")}
        </h1>
        <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-2">
          <dt className="text-stone-700">{t("pledges.mine.project")}</dt>
          <dd>
            <Link to={`/projects/${pledge.project.slug}`}>{pledge.project.title}</Link> ({pledge.project.initiatorName})
            <span className="block print:hidden">
              <Link to={`/projects/${pledge.project.slug}/share`}>{t("ambassadors.receipt.share")}</Link>
            </span>
          </dd>
          <dt className="text-stone-700">{t("pledges.receipt.backer")}</dt>
          <dd>{backer}</dd>
          <dt className="text-stone-700">{t("projects.plan.amount")}</dt>
          <dd className="font-semibold">{formatMoney(pledge.amountCents, locale)}</dd>
          <dt className="text-stone-700">{t("projects.dashboard.tier")}</dt>
          <dd>
            {pledge.tier ? pledge.tier.title : "—"}
            {pledge.tier?.pickupNote ? (
              <span className="block text-sm text-stone-700">{t("projects.tier.pickup", { note: pledge.tier.pickupNote })}</span>
            ) : null}
          </dd>
          <dt className="text-stone-700">{t("projects.dashboard.status")}</dt>
          <dd>
            <PledgeStatusBadge status={pledge.status} />
            <span className="block text-sm text-stone-700">{t(`pledges.statusExplain.${pledge.status}` as MessageKey)}</span>
            {refundReason ? (
              <span className="block text-sm text-stone-800" data-testid="refund-reason">
                {t("pledges.refund.backerReason", { reason: refundReason })}
              </span>
            ) : null}
          </dd>
          <dt className="text-stone-700">{t("pledges.receipt.pledgedAt")}</dt>
          <dd>{formatDateTime(pledge.createdAt, locale)}</dd>
          {pledge.chargedAt ? (
            <>
              <dt className="text-stone-700">{t("pledges.receipt.chargedAt")}</dt>
              <dd>{formatDateTime(pledge.chargedAt, locale)}</dd>
            </>
          ) : null}
          {fees.processingCents + fees.platformCents > 0 ? (
            <>
              <dt className="text-stone-700">{t("pledges.receipt.fees")}</dt>
              <dd data-testid="receipt-fees">
                {[
                  fees.processingCents > 0 ? t("pledges.fee.processing", { amount: formatMoney(fees.processingCents, locale) }) : null,
                  fees.platformCents > 0 ? t("pledges.fee.platform", { amount: formatMoney(fees.platformCents, locale) }) : null,
                ]
                  .filter(Boolean)
                  .join(" + ")}
                {fees.returnedCents > 0 ? <span className="block text-sm text-stone-700">{t("pledges.receipt.feesReturned")}</span> : null}
              </dd>
              {fees.returnedCents === 0 ? (
                <>
                  <dt className="text-stone-700">{t("pledges.receipt.toProject")}</dt>
                  <dd>{formatMoney(pledge.amountCents - fees.processingCents - fees.platformCents, locale)}</dd>
                </>
              ) : null}
            </>
          ) : expected.length > 0 ? (
            <>
              <dt className="text-stone-700">{t("pledges.receipt.fees")}</dt>
              <dd data-testid="receipt-fees">{t("pledges.receipt.feesLater", { fees: expected.map((line) => feeSentence(line, t, locale)).join(" ") })}</dd>
            </>
          ) : null}
          <dt className="text-stone-700">{t("pledges.field.visibility")}</dt>
          <dd>{t(`pledges.visibility.${pledge.visibility}`)}</dd>
          {pledge.message ? (
            <>
              <dt className="text-stone-700">{t("pledges.field.message")}</dt>
              <dd>{pledge.message}</dd>
            </>
          ) : null}
          <dt className="text-stone-700">{t("pledges.receipt.reference")}</dt>
          <dd className="font-mono text-sm">{pledge.id}</dd>
        </dl>
        {pledge.fixable ? (
          <Link to={`/me/pledges/${pledge.id}/fix`} className="btn-primary">
            {t("pledges.mine.fix")}
          </Link>
        ) : null}
      </section>
      <section className="card p-6" aria-labelledby="history">
        <h2 id="history" className="text-xl font-bold">
          {t("pledges.receipt.history")}
        </h2>
        <ol className="mt-2 space-y-1 text-sm">
          {history.map((h, i) => (
            <li key={i}>
              <time dateTime={new Date(h.at).toISOString()}>{formatDateTime(h.at, locale)}</time> —{" "}
              {h.changed ? (
                <HistoryChange changed={h.changed} />
              ) : (
                <>
                  {t(`pledges.status.${h.to}` as MessageKey)} · {formatMoney(h.amountCents, locale)}
                </>
              )}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

/** A change in the history: what it changed, not a second pledge (issue 13 §15). */
function HistoryChange({ changed }: { changed: NonNullable<ReceiptLine["changed"]> }) {
  const t = useT();
  const locale = useLocale();
  const tier = (title: string | null | undefined) => title ?? t("pledges.history.noTier");
  const parts: string[] = [];
  if (changed.fromCents !== undefined && changed.toCents !== undefined)
    parts.push(t("pledges.history.amount", { from: formatMoney(changed.fromCents, locale), to: formatMoney(changed.toCents, locale) }));
  if ("toTier" in changed) parts.push(t("pledges.history.tier", { from: tier(changed.fromTier), to: tier(changed.toTier) }));
  return <>{parts.length > 0 ? t("pledges.history.changed", { what: parts.join(", ") }) : t("pledges.history.changedOther")}</>;
}
