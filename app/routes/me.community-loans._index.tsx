import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { listLenderLoans } from "../community-loans/pages.server";
import { ratePercent, ScheduleTable } from "../components/community-loans/schedule-table";
import { getTranslator } from "../http/locale.server";
import { formatDate, formatMoney } from "../i18n/format";
import { useLocale, useT } from "../i18n/use-t";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const loans = await listLenderLoans(context.services.db, user.id, context.services.clock.now());
  const { t } = await getTranslator(context, request);
  return { title: `${t("communityLoans.me.title")} · ${t("app.name")}`, loans };
}

export default function MyCommunityLoans() {
  const { loans } = useLoaderData<typeof loader>();
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
          </dl>
          <p className="text-sm text-stone-700">{t("communityLoans.me.owedNote")}</p>
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
