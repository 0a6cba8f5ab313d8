import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { ResponsiveImage } from "../components/ui/responsive-image";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { hasRole } from "../auth/user";
import { formatDay } from "../components/lending/format";
import { LoanList } from "../components/lending/loan-list";
import { SelectField } from "../components/ui/field";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { getLenderDashboard } from "../lending/pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const dashboard = await getLenderDashboard(
    context.services.db,
    { id: user.id, neighbourhoodId: user.neighbourhoodId, isModerator: hasRole(user, "moderator") },
    context.services.clock.now(),
  );
  const { t } = await getTranslator(context, request);
  return { title: `${t("lending.mine.title")} · ${t("app.name")}`, ...dashboard };
}

export default function MyItems() {
  const { loans, items, wanted } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="space-y-10">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold">{t("lending.mine.title")}</h1>
          <p className="mt-2 text-stone-700">{t("lending.mine.intro")}</p>
        </div>
        <Link to="/items/new" className="btn-primary">
          {t("lending.items.new")}
        </Link>
      </header>

      <section aria-labelledby="requests-heading" className="space-y-3">
        <h2 id="requests-heading" className="text-xl font-bold">
          {t("lending.mine.requests")}
        </h2>
        <LoanList loans={loans.requests} empty={t("lending.mine.noRequests")} />
      </section>

      <section aria-labelledby="active-heading" className="space-y-3">
        <h2 id="active-heading" className="text-xl font-bold">
          {t("lending.mine.active")}
        </h2>
        <LoanList loans={loans.active} empty={t("lending.mine.noActive")} />
      </section>

      <section aria-labelledby="wanted-heading" className="space-y-3">
        <h2 id="wanted-heading" className="text-xl font-bold">
          {t("lending.mine.wanted")}
        </h2>
        {wanted.length === 0 ? (
          <p className="text-stone-700">{t("lending.mine.noWanted")}</p>
        ) : (
          <ul className="grid gap-4 md:grid-cols-2">
            {wanted.map(({ post, items: matching }) => (
              <li key={post.id} className="card space-y-2 p-4">
                <h3 className="font-semibold">{post.title}</h3>
                <p className="text-sm text-stone-700">
                  {t("lending.wanted.by", { name: post.author.displayName, neighbourhood: post.neighbourhood.name })} ·{" "}
                  {t("lending.wanted.needed", { from: formatDay(post.neededFrom, locale), to: formatDay(post.neededUntil, locale) })}
                </p>
                <Form method="post" action="/wanted" className="flex flex-wrap items-end gap-2">
                  <input type="hidden" name="intent" value="offer" />
                  <input type="hidden" name="wantedPostId" value={post.id} />
                  <SelectField label={t("lending.wanted.offerItem")} name="itemId" options={matching.map((i) => ({ value: i.id, label: i.title }))} />
                  <button type="submit" className="btn-primary">
                    {t("lending.wanted.offerSubmit")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="items-heading" className="space-y-3">
        <h2 id="items-heading" className="text-xl font-bold">
          {t("lending.mine.items")}
        </h2>
        {items.length === 0 ? (
          <p className="text-stone-700">{t("lending.mine.noItems")}</p>
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {items.map((item) => (
              <li key={item.id} className="card flex items-center gap-3 p-3">
                {item.photo ? (
                  <ResponsiveImage image={item.photo} alt="" sizes="80px" width={80} height={60} className="h-15 w-20 rounded object-cover" />
                ) : null}
                <div>
                  <p className="font-semibold">
                    <Link to={`/items/${item.id}`}>{item.title}</Link>
                  </p>
                  <p className="text-sm text-stone-700">
                    {t(`lending.status.${item.status}`)} · {t("lending.mine.openRequests", { count: item.openRequests })}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="history-heading" className="space-y-3">
        <h2 id="history-heading" className="text-xl font-bold">
          {t("lending.mine.history")}
        </h2>
        <LoanList loans={loans.history} empty={t("lending.mine.noHistory")} />
      </section>
    </div>
  );
}
