import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "../auth/guards.server";
import { getTranslator } from "../http/locale.server";
import { formatMoney } from "../i18n/format";
import { useLocale, useT } from "../i18n/use-t";
import { listOrganisationsOfUser } from "../matching/organisations.server";
import { listOpenPools } from "../matching/pools.server";

/** Organisations and their open matching pools; the viewer's own organisations. */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getOptionalUser(context, request);
  const { db, clock } = context.services;
  const { t } = await getTranslator(context, request);
  const [pools, mine] = await Promise.all([listOpenPools(db, clock.now()), user ? listOrganisationsOfUser(db, user.id) : []]);
  return { title: `${t("matching.orgs.title")} · ${t("app.name")}`, pools, mine, loggedIn: Boolean(user) };
}

export default function Organisations() {
  const { pools, mine, loggedIn } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">{t("matching.orgs.title")}</h1>
        <p className="text-stone-700">{t("matching.orgs.intro")}</p>
      </header>
      <section className="space-y-3" aria-labelledby="open-pools">
        <h2 id="open-pools" className="text-lg font-semibold">
          {t("matching.orgs.openPools")}
        </h2>
        {pools.length === 0 ? <p className="text-stone-700">{t("matching.orgs.none")}</p> : null}
        <ul className="space-y-3">
          {pools.map((p) => (
            <li key={p.id} className="card p-4">
              <Link to={`/pools/${p.id}`} className="font-semibold underline">
                {t("matching.pool.title", { pool: p.name, organisation: p.organisation.name })}
              </Link>
              <p className="text-sm text-stone-700">
                {t("matching.pool.ratio", { amount: formatMoney(Math.round(p.ratioBps / 100), locale) })} ·{" "}
                {t("matching.pool.cap", { amount: formatMoney(p.capPerProjectCents, locale) })}
              </p>
            </li>
          ))}
        </ul>
      </section>
      {loggedIn ? (
        <section className="space-y-3" aria-labelledby="mine">
          <h2 id="mine" className="text-lg font-semibold">
            {t("matching.orgs.mine")}
          </h2>
          <ul className="space-y-2">
            {mine.map((o) => (
              <li key={o.id}>
                <Link to={`/organisations/${o.slug}`} className="underline">
                  {o.name}
                </Link>{" "}
                <span className="text-sm text-stone-700">
                  ({t(`matching.role.${o.role}`)} · {t(`matching.orgStatus.${o.status}`)})
                </span>
              </li>
            ))}
          </ul>
          <Link to="/organisations/new" className="btn-secondary">
            {t("matching.orgs.request")}
          </Link>
        </section>
      ) : null}
    </div>
  );
}
