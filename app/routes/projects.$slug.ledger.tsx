import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "../auth/guards.server";
import { formatDate, formatMoney } from "../i18n/format";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { getProjectLedgerPage } from "../pages/project-ledger.server";
import type { ProjectLedgerLine } from "../pages/project-ledger";
import { requireVisibleProject } from "../projects/access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = await getOptionalUser(context, request);
  const project = await requireVisibleProject(context, params.slug, viewer);
  const { t } = await getTranslator(context, request);
  const page = await getProjectLedgerPage(context.services.db, project);
  // Newest first on screen; the running balance is computed oldest first.
  return { ...page, lines: [...page.lines].reverse(), title: `${t("ledger.title", { project: project.title })} · ${t("app.name")}` };
}

function Amount({ cents }: { cents: number }) {
  const locale = useLocale();
  if (cents === 0) return <span className="text-stone-600">—</span>;
  return <span className={cents < 0 ? "text-red-800" : "text-green-800"}>{(cents > 0 ? "+" : "−") + formatMoney(Math.abs(cents), locale)}</span>;
}

function useDescribe() {
  const t = useT();
  return (line: Pick<ProjectLedgerLine, "descriptionKey" | "name" | "kind">) =>
    t(line.descriptionKey, { name: line.name ?? t("ledger.neighbour"), kind: line.kind });
}

export default function ProjectLedger() {
  const page = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const describe = useDescribe();
  const { totals } = page;
  return (
    <article className="space-y-6">
      <p>
        <Link to={`/projects/${page.project.slug}`}>← {t("ledger.back")}</Link>
      </p>
      <header className="space-y-2">
        <h1 className="text-3xl font-bold">{t("ledger.title", { project: page.project.title })}</h1>
        <p className="max-w-prose text-stone-700">{t("ledger.intro")}</p>
      </header>

      <section aria-labelledby="ledger-totals" className="card p-4">
        <h2 id="ledger-totals" className="text-lg font-semibold">
          {t("ledger.totals.title")}
        </h2>
        <dl className="mt-2 grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
          {(
            [
              ["ledger.totals.collected", totals.collectedCents],
              ["ledger.totals.refunded", totals.refundedCents],
              ["ledger.totals.fees", totals.feesCents],
              ["ledger.totals.paidOut", totals.paidOutCents],
              ["ledger.totals.balance", totals.balanceCents],
              ["ledger.totals.committed", totals.committedCents],
            ] as const
          ).map(([key, cents]) => (
            <div key={key} className="flex justify-between gap-4 border-b border-stone-200 py-1">
              <dt className="text-stone-700">{t(key)}</dt>
              <dd className="tabular-nums font-medium" data-total={key}>
                {formatMoney(cents, locale)}
              </dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="ledger-head" className="card space-y-2 p-4">
        <h2 id="ledger-head" className="text-lg font-semibold">
          {t("ledger.head.title")}
        </h2>
        {page.head.seq > 0 ? (
          <>
            <p className="break-all font-mono text-sm" data-testid="ledger-head">
              {page.head.hash}
            </p>
            <p className="text-sm text-stone-700">{t("ledger.head.lines", { count: page.head.seq })}</p>
          </>
        ) : (
          <p className="text-sm text-stone-700">{t("ledger.head.none")}</p>
        )}
        <p className="text-sm text-stone-700">{t("ledger.head.explain")}</p>
        <p className="flex flex-wrap gap-3 text-sm">
          <a href={`/projects/${page.project.slug}/ledger.csv`} className="btn-secondary px-3 py-1" download>
            {t("ledger.download")}
          </a>
          <a href={`/projects/${page.project.slug}/ledger.csv?variant=nl`} className="btn-secondary px-3 py-1" download>
            {t("ledger.downloadNl")}
          </a>
          <Link to="/ledger/verify" className="self-center">
            {t("ledger.verifyHow")}
          </Link>
        </p>
      </section>

      {page.lines.length === 0 ? (
        <p className="card p-6 text-stone-700">{t("ledger.empty")}</p>
      ) : (
        <div className="card overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-stone-300">
                <th scope="col" className="p-2">
                  {t("ledger.col.seq")}
                </th>
                <th scope="col" className="p-2">
                  {t("ledger.col.date")}
                </th>
                <th scope="col" className="p-2">
                  {t("ledger.col.description")}
                </th>
                <th scope="col" className="p-2 text-right">
                  {t("ledger.col.committed")}
                </th>
                <th scope="col" className="p-2 text-right">
                  {t("ledger.col.received")}
                </th>
                <th scope="col" className="p-2 text-right">
                  {t("ledger.col.balance")}
                </th>
              </tr>
            </thead>
            <tbody>
              {page.lines.map((l) => (
                <tr key={l.journalId} className="border-b border-stone-200 align-top" data-kind={l.kind}>
                  <td className="p-2 tabular-nums text-stone-700">{l.seq ?? <span className="text-xs">{t("ledger.unsealed")}</span>}</td>
                  <td className="whitespace-nowrap p-2">
                    <time dateTime={new Date(l.postedAt).toISOString()}>{formatDate(l.postedAt, locale)}</time>
                  </td>
                  <th scope="row" className="p-2 font-normal">
                    {describe(l)}
                    {l.hash ? (
                      <span className="block break-all font-mono text-xs text-stone-600" title={l.hash}>
                        {l.hash.slice(0, 16)}…
                      </span>
                    ) : null}
                  </th>
                  <td className="whitespace-nowrap p-2 text-right tabular-nums">
                    <Amount cents={l.committedDeltaCents} />
                  </td>
                  <td className="whitespace-nowrap p-2 text-right tabular-nums">
                    <Amount cents={l.cashDeltaCents} />
                  </td>
                  <td className="whitespace-nowrap p-2 text-right tabular-nums">{formatMoney(l.balanceCents, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}
