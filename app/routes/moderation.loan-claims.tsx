import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { claimLineKey } from "../lending/loan-words";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "../auth/guards.server";
import { formatDateTime, formatMoney } from "../i18n/format";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { listOpenClaims } from "../lending/pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "moderator");
  const { t } = await getTranslator(context, request);
  return { title: `${t("lending.moderation.title")} · ${t("app.name")}`, claims: await listOpenClaims(context.services.db) };
}

export default function LoanClaims() {
  const { claims } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("lending.moderation.title")}</h1>
      <p className="text-stone-700">{t("lending.moderation.intro")}</p>
      {claims.length === 0 ? (
        <p>{t("lending.moderation.none")}</p>
      ) : (
        <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
          {claims.map((c) => (
            <li key={c.loanId} className="p-4">
              <Link to={`/loans/${c.loanId}`}>
                {t(claimLineKey(c.amountCents), {
                  item: c.itemTitle,
                  amount: formatMoney(c.amountCents, locale),
                  owner: c.ownerName,
                  borrower: c.borrowerName,
                })}
              </Link>
              <p className="text-sm text-stone-700">
                {formatDateTime(c.filedAt, locale)}
                {c.disputed ? ` · ${t("lending.moderation.disputed")}` : ""}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
