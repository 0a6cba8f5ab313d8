import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { hasRole } from "../auth/user";
import { formatDay } from "../components/lending/format";
import { LoanList } from "../components/lending/loan-list";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { getBorrowerDashboard } from "../lending/pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const dashboard = await getBorrowerDashboard(context.services.db, {
    id: user.id,
    neighbourhoodId: user.neighbourhoodId,
    isModerator: hasRole(user, "moderator"),
  });
  const { t } = await getTranslator(context, request);
  return { title: `${t("lending.myLoans.title")} · ${t("app.name")}`, ...dashboard };
}

export default function MyLoans() {
  const { loans, wanted } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="space-y-10">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold">{t("lending.myLoans.title")}</h1>
          <p className="mt-2 text-stone-700">{t("lending.myLoans.intro")}</p>
        </div>
        <div className="flex gap-2">
          <Link to="/items" className="btn-primary">
            {t("lending.myLoans.findSomething")}
          </Link>
          <Link to="/me/items" className="btn-secondary">
            {t("lending.items.mine")}
          </Link>
        </div>
      </header>
      <section aria-labelledby="requests-heading" className="space-y-3">
        <h2 id="requests-heading" className="text-xl font-bold">
          {t("lending.mine.requests")}
        </h2>
        <LoanList loans={loans.requests} empty={t("lending.myLoans.noRequests")} />
      </section>
      <section aria-labelledby="active-heading" className="space-y-3">
        <h2 id="active-heading" className="text-xl font-bold">
          {t("lending.mine.active")}
        </h2>
        <LoanList loans={loans.active} empty={t("lending.myLoans.noActive")} />
      </section>
      <section aria-labelledby="wanted-heading" className="space-y-3">
        <h2 id="wanted-heading" className="text-xl font-bold">
          {t("lending.myLoans.wanted")}
        </h2>
        {wanted.length === 0 ? (
          <p className="text-stone-700">
            {t("lending.myLoans.noWanted")} <Link to="/wanted">{t("lending.wanted.new")}</Link>
          </p>
        ) : (
          <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
            {wanted.map((post) => (
              <li key={post.id} className="p-4">
                <p className="font-semibold">
                  {post.title} <span className="text-sm font-normal text-stone-700">· {t(`lending.wanted.state.${post.state}`)}</span>
                </p>
                <p className="text-sm text-stone-700">
                  {t("lending.wanted.needed", { from: formatDay(post.neededFrom, locale), to: formatDay(post.neededUntil, locale) })}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="history-heading" className="space-y-3">
        <h2 id="history-heading" className="text-xl font-bold">
          {t("lending.mine.history")}
        </h2>
        <LoanList loans={loans.history} empty={t("lending.myLoans.noHistory")} />
      </section>
    </div>
  );
}
