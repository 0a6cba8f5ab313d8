import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { PledgeStatusBadge } from "../components/projects/status";
import { formatDate, formatDateTime, formatMoney } from "../i18n/format";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { listPledgesOfBacker } from "../pledges/pledges.server";
import { listMyGifts } from "../recurring/reads.server";
import { MyMonthlyGifts } from "../components/recurring/my-gifts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const { t } = await getTranslator(context, request);
  const { db, clock } = context.services;
  const [pledges, gifts] = await Promise.all([listPledgesOfBacker(db, user.id, clock.now()), listMyGifts(db, user.id)]);
  return { title: `${t("pledges.mine.title")} · ${t("app.name")}`, pledges, gifts, startedGift: new URL(request.url).searchParams.get("monthly") };
}

export default function MyPledges() {
  const { pledges, gifts, startedGift } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold">{t("pledges.mine.title")}</h1>
      <p className="text-stone-700">{t("pledges.mine.intro")}</p>
      <p>
        <Link to="/me/community-loans">{t("communityLoans.me.link")}</Link>
      </p>
      {/* Monthly gifts (issue 16, decision 077) first: they keep running. */}
      <MyMonthlyGifts gifts={gifts} startedGift={startedGift} />
      {pledges.length === 0 ? (
        <p className="card p-6 text-stone-700">
          {t("pledges.mine.empty")} <Link to="/projects">{t("home.cta.projects")}</Link>
        </p>
      ) : (
        <>
          {/* On a phone: one card per pledge with its status and actions in view (issue 13 §10). */}
          <ul className="space-y-3 sm:hidden">
            {pledges.map((p) => (
              <li key={p.id} className="card space-y-2 p-4 text-sm">
                <p className="flex items-baseline justify-between gap-3">
                  <Link to={`/projects/${p.project.slug}`} className="font-medium">
                    {p.project.title}
                  </Link>
                  <span className="shrink-0 tabular-nums">{formatMoney(p.amountCents, locale)}</span>
                </p>
                <p className="flex flex-wrap items-center gap-2">
                  <PledgeStatusBadge status={p.status} />
                  {p.tier ? <span>{p.tier.title}</span> : null}
                  <time dateTime={new Date(p.createdAt).toISOString()} className="text-stone-600">
                    {formatDate(p.createdAt, locale)}
                  </time>
                </p>
                {p.status === "payment_failed" && p.fixUntil ? (
                  <p className="text-xs text-red-800">{t("pledges.mine.fixUntil", { date: formatDateTime(p.fixUntil, locale) })}</p>
                ) : null}
                <p className="flex flex-wrap gap-2">
                  <PledgeActions pledge={p} receiptClassName="btn-secondary px-3 py-1" />
                </p>
              </li>
            ))}
          </ul>
          <div className="card hidden overflow-x-auto sm:block">
            <table className="w-full text-left text-sm">
              <thead>
                <tr className="border-b border-stone-300">
                  <th scope="col" className="p-3">
                    {t("pledges.mine.project")}
                  </th>
                  <th scope="col" className="p-3 text-right">
                    {t("projects.plan.amount")}
                  </th>
                  <th scope="col" className="p-3">
                    {t("projects.dashboard.tier")}
                  </th>
                  <th scope="col" className="p-3">
                    {t("projects.dashboard.status")}
                  </th>
                  <th scope="col" className="p-3">
                    {t("pledges.mine.date")}
                  </th>
                  <th scope="col" className="p-3">
                    <span className="sr-only">{t("pledges.mine.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {pledges.map((p) => (
                  <tr key={p.id} className="border-b border-stone-200 align-top">
                    <th scope="row" className="p-3 font-medium">
                      <Link to={`/projects/${p.project.slug}`}>{p.project.title}</Link>
                    </th>
                    <td className="p-3 text-right tabular-nums">{formatMoney(p.amountCents, locale)}</td>
                    <td className="p-3">{p.tier?.title ?? "—"}</td>
                    <td className="p-3">
                      <PledgeStatusBadge status={p.status} />
                      {p.status === "payment_failed" && p.fixUntil ? (
                        <span className="block text-xs text-red-800">{t("pledges.mine.fixUntil", { date: formatDateTime(p.fixUntil, locale) })}</span>
                      ) : null}
                    </td>
                    <td className="p-3">
                      <time dateTime={new Date(p.createdAt).toISOString()}>{formatDate(p.createdAt, locale)}</time>
                    </td>
                    <td className="space-x-2 whitespace-nowrap p-3">
                      <PledgeActions pledge={p} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

/** Fix, change and receipt for one pledge: the same links in the phone's cards and the table's last column. */
function PledgeActions({
  pledge: p,
  receiptClassName,
}: {
  pledge: { id: string; fixable: boolean; changeable: boolean; project: { slug: string; title: string } };
  receiptClassName?: string;
}) {
  const t = useT();
  return (
    <>
      {p.fixable ? (
        <Link to={`/me/pledges/${p.id}/fix`} className="btn-primary px-3 py-1">
          {t("pledges.mine.fix")}
        </Link>
      ) : null}
      {p.changeable ? (
        <Link to={`/projects/${p.project.slug}/pledge`} className="btn-secondary px-3 py-1">
          {t("pledges.mine.change")}
        </Link>
      ) : null}
      <Link to={`/me/pledges/${p.id}`} className={receiptClassName} aria-label={t("pledges.mine.receiptFor", { project: p.project.title })}>
        {t("pledges.mine.receipt")}
      </Link>
    </>
  );
}
