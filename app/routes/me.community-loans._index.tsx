import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "../auth/guards.server";
import { getLenderPayoutAccount } from "../community-loans/lender-payouts.server";
import { listLenderLoans } from "../community-loans/pages.server";
import { ratePercent, ScheduleTable } from "../components/community-loans/schedule-table";
import { FormErrorSummary } from "../components/ui/field";
import { fieldError, parseIntentForm } from "../forms/forms";
import { getTranslator } from "../http/locale.server";
import { formatDate, formatMoney } from "../i18n/format";
import { useLocale, useT } from "../i18n/use-t";
import { startPayoutOnboarding } from "../payouts/payouts.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const { db, clock, gateway } = context.services;
  const loans = await listLenderLoans(db, user.id, clock.now());
  const account = await getLenderPayoutAccount(db, user.id, gateway.kind);
  // Back from the payment partner's onboarding page: the account's status arrives as its event, not from this URL.
  const returned = new URL(request.url).searchParams.get("payouts") === "returned";
  const { t } = await getTranslator(context, request);
  return { title: `${t("communityLoans.me.title")} · ${t("app.name")}`, loans, account, returned };
}

const ActionSchema = z.discriminatedUnion("intent", [z.object({ intent: z.literal("payout_onboarding") })], "form.invalid");

/**
 * A lender connects (or completes) the bank account their repayments go to: the same connected
 * account an initiator's payouts use (app/payouts, one per member and gateway; decision 081).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const form = parseIntentForm(ActionSchema, await request.formData());
  if (!form.ok) return data(form, { status: 400 });
  const { db, clock, gateway, env } = context.services;
  const page = `${env.APP_URL.replace(/\/+$/, "")}/me/community-loans`;
  const { locale } = await getTranslator(context, request);
  const link = await startPayoutOnboarding(
    { db, gateway, logger: context.logger, now: () => clock.now() },
    { userId: user.id, email: user.email, returnUrl: `${page}?payouts=returned`, refreshUrl: `${page}?payouts=refresh`, locale },
  );
  if (!link.ok) return data(fieldError("_form", link.error), { status: 503 });
  return redirect(link.url);
}

export default function MyCommunityLoans() {
  const { loans, account, returned } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = useT();
  const locale = useLocale();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <p>
        <Link to="/me/pledges">← {t("pledges.mine.title")}</Link>
      </p>
      <header>
        <h1 className="text-3xl font-bold">{t("communityLoans.me.title")}</h1>
        <p className="mt-2 text-stone-700">{t("communityLoans.me.intro")}</p>
      </header>
      {loans.length === 0 ? <p>{t("communityLoans.me.empty")}</p> : null}
      {loans.length > 0 ? (
        <section aria-labelledby="payout-account" className="card space-y-3 p-4 sm:p-6" data-testid="lender-account">
          <h2 id="payout-account" className="text-xl font-bold">
            {t("communityLoans.me.account.title")}
          </h2>
          <FormErrorSummary errors={actionData?.errors} />
          {returned && account.status !== "verified" ? <p role="status">{t("communityLoans.me.account.returned")}</p> : null}
          {account.status === "verified" ? (
            <p>
              {account.bankLast4
                ? t("communityLoans.me.account.verified", { bank: account.bankName ?? "", last4: account.bankLast4 })
                : t("communityLoans.me.account.verifiedNoBank")}
            </p>
          ) : (
            <Form method="post" className="space-y-2">
              <p>{t(account.status === "none" ? "communityLoans.me.account.none" : "communityLoans.me.account.details_needed")}</p>
              <button type="submit" name="intent" value="payout_onboarding" className="btn-primary" disabled={busy}>
                {t(account.status === "none" ? "communityLoans.me.account.connect" : "communityLoans.me.account.continue")}
              </button>
            </Form>
          )}
        </section>
      ) : null}
      {loans.map((loan) => (
        <section key={loan.loanId} className="card space-y-4 p-4 sm:p-6" aria-labelledby={`loan-${loan.loanId}`} data-testid="community-loan">
          <h2 id={`loan-${loan.loanId}`} className="text-xl font-bold">
            <Link to={`/projects/${loan.projectSlug}`}>{loan.projectTitle}</Link>{" "}
            <span className="text-sm font-normal text-stone-700">· {t(`communityLoans.loanStatus.${loan.status}`)}</span>
          </h2>
          <p className="text-sm text-stone-700">
            {t("communityLoans.page.summary", {
              total: formatMoney(loan.lentCents, locale),
              months: String(loan.months),
              rate: ratePercent(loan.annualRateBps, locale),
              method: t(`communityLoans.method.${loan.method}.short`),
            })}
          </p>
          {loan.late ? (
            <p role="status" className="rounded-lg bg-red-50 p-3 font-medium text-red-800">
              {t("communityLoans.me.late")}
            </p>
          ) : null}
          <dl className="grid grid-cols-1 gap-2 sm:grid-cols-2">
            <div>
              <dt className="text-sm text-stone-700">{t("communityLoans.me.lent")}</dt>
              <dd className="font-semibold">{formatMoney(loan.lentCents, locale)}</dd>
            </div>
            <div>
              <dt className="text-sm text-stone-700">{t("communityLoans.me.repaid")}</dt>
              <dd className="font-semibold" data-testid="repaid">
                {formatMoney(loan.repaidCents, locale)}
              </dd>
            </div>
            <div>
              <dt className="text-sm text-stone-700">{t("communityLoans.me.outstanding")}</dt>
              <dd className="font-semibold" data-testid="outstanding">
                {formatMoney(loan.outstandingPrincipalCents, locale)}
              </dd>
            </div>
            <div>
              <dt className="text-sm text-stone-700">{t("communityLoans.me.next")}</dt>
              <dd className="font-semibold">
                {loan.next ? `${formatDate(loan.next.dueOn, locale)} · ${formatMoney(loan.next.amountCents, locale)}` : t("communityLoans.me.none")}
              </dd>
            </div>
            <div>
              <dt className="text-sm text-stone-700">{t("communityLoans.me.owed")}</dt>
              <dd className="font-semibold" data-testid="owed">
                {formatMoney(loan.owedCents, locale)}
              </dd>
            </div>
            <div>
              <dt className="text-sm text-stone-700">{t("communityLoans.me.paidOut")}</dt>
              <dd className="font-semibold" data-testid="paid-out">
                {formatMoney(loan.paidOutCents, locale)}
              </dd>
            </div>
          </dl>
          <p className="text-sm text-stone-700">{t("communityLoans.me.owedNote")}</p>
          {loan.payouts.length > 0 ? (
            <div>
              <h3 className="font-semibold">{t("communityLoans.me.payouts")}</h3>
              <ul className="mt-1 space-y-1 text-sm" data-testid="lender-payouts">
                {loan.payouts.map((p) => (
                  <li key={p.id}>
                    {t(`communityLoans.me.payout.${p.status}`, {
                      amount: formatMoney(p.amountCents, locale),
                      date: formatDate(p.paidAt ?? p.failedAt ?? p.sentAt ?? p.createdAt, locale),
                    })}
                    {p.bankLast4 ? ` · •••• ${p.bankLast4}` : ""}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <p>
            <a href={`/me/community-loans/${loan.loanId}/agreement.pdf`} className="btn-secondary" download>
              {t("communityLoans.me.agreement")}
            </a>
          </p>
          <ScheduleTable
            caption={t("communityLoans.agreement.scheduleHeading")}
            rows={loan.installments.map((i) => ({
              key: i.id,
              n: i.n,
              dueOn: i.dueOn,
              status: i.status,
              principalCents: i.principalCents,
              interestCents: i.interestCents,
              amountCents: i.amountCents,
            }))}
          />
        </section>
      ))}
    </div>
  );
}
