import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "../auth/guards.server";
import { parseForm } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { getTranslator } from "../http/locale.server";
import { formatDateTime } from "../i18n/format";
import type { Locale, MessageKey } from "../i18n/i18n";
import { useLocale, useT } from "../i18n/use-t";
import type { ReconciliationItem } from "../reconciliation/reconciliation";
import { RunReconciliationSchema } from "../reconciliation/reconciliation-schema";
import { describeItem, formatDuration, pendingUntil } from "../reconciliation/report";
import { listReconciliationRuns, runReconciliation } from "../reconciliation/runs.server";
import type { ReconciliationRunView } from "../reconciliation/views";

/** The last reconciliation runs of the ledger against the gateway (docs/decisions/027), for admins. */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  const { t } = await getTranslator(context, request);
  const runs = await listReconciliationRuns(context.services.db, 20);
  return { title: `${t("reconciliation.admin.title")} · ${t("app.name")}`, runs };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireRole(context, request, "admin");
  const form = parseForm(RunReconciliationSchema, await request.formData());
  // A tampered form (the only field is hidden) still gets a message (found by the form fuzzer).
  if (!form.ok) return data({ ok: false as const, error: "form.invalid" as const }, { status: 400 });
  const { services } = context;
  await runReconciliation(
    { db: services.db, gateway: services.gateway, logger: services.logger, reconcilers: services.extensions.reconcilers },
    { trigger: "manual", now: services.clock.now() },
  );
  return redirectWithFlash(context, request, "/admin/reconciliation", { kind: "success", key: "reconciliation.admin.ran" });
}

const outcomeStyle: Record<ReconciliationRunView["status"], string> = {
  clean: "bg-brand-50 text-brand-900 border-brand-200",
  differences: "bg-red-50 text-red-900 border-red-200",
  failed: "bg-red-50 text-red-900 border-red-200",
  running: "bg-stone-100 text-stone-800 border-stone-300",
};

function Outcome({ run }: { run: ReconciliationRunView }) {
  const t = useT();
  const text =
    run.status === "differences"
      ? t("reconciliation.admin.outcome.differences", { count: run.counts.differences })
      : t(`reconciliation.admin.outcome.${run.status}` as MessageKey);
  return (
    <span className={`inline-flex items-center gap-1 rounded-full border px-2.5 py-0.5 text-sm font-semibold ${outcomeStyle[run.status]}`}>
      <span aria-hidden="true">{run.status === "clean" ? "✓" : run.status === "running" ? "…" : "✗"}</span>
      {text}
    </span>
  );
}

function ItemList({ items, locale, graceMs }: { items: ReconciliationItem[]; locale: Locale; graceMs: number }) {
  const t = useT();
  return (
    <ul className="mt-2 space-y-2">
      {items.map((item) => {
        const until = pendingUntil(item, graceMs);
        return (
          <li key={item.key} className="break-words rounded-lg border border-stone-200 bg-stone-50 p-3 text-sm">
            {describeItem(item, locale)}
            {until ? <span className="block text-stone-700">{t("reconciliation.pending.until", { until: formatDateTime(until, locale) })}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}

function RunDetails({ run, locale }: { run: ReconciliationRunView; locale: Locale }) {
  const t = useT();
  const groups: { key: MessageKey; items: ReconciliationItem[] }[] = [
    { key: "reconciliation.admin.section.difference", items: run.items.filter((i) => i.status === "difference") },
    { key: "reconciliation.admin.section.pending", items: run.items.filter((i) => i.status === "pending") },
    { key: "reconciliation.admin.section.healed", items: run.items.filter((i) => i.status === "healed") },
    { key: "reconciliation.admin.section.resolved", items: run.resolved },
  ];
  return (
    <div className="space-y-4">
      {run.error ? <p className="text-sm text-red-800">{t("reconciliation.admin.error", { error: run.error })}</p> : null}
      {groups
        .filter((g) => g.items.length > 0)
        .map((g) => (
          <section key={g.key} aria-label={t(g.key)}>
            <h4 className="font-semibold">
              {t(g.key)} ({g.items.length})
            </h4>
            <ItemList items={g.items} locale={locale} graceMs={run.graceMs} />
          </section>
        ))}
    </div>
  );
}

export default function ReconciliationAdmin() {
  const { runs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formMethod?.toLowerCase() === "post";
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t("reconciliation.admin.title")}</h1>
        <p className="mt-2 max-w-3xl text-stone-700">{t("reconciliation.admin.intro")}</p>
        <p className="mt-1 text-sm text-stone-600">
          <code>{t("reconciliation.admin.cli")}</code>
        </p>
        <p className="mt-1 text-sm">
          <Link to="/admin/notifications">{t("reconciliation.admin.deliveryLink")}</Link>
        </p>
        <Form method="post" className="mt-4">
          <input type="hidden" name="intent" value="run" />
          <button type="submit" className="btn-primary" disabled={busy} aria-busy={busy}>
            {t("reconciliation.admin.runNow")}
          </button>
          {actionData && !actionData.ok ? (
            <p role="alert" className="mt-2 text-sm text-red-800">
              {t(actionData.error)}
            </p>
          ) : null}
        </Form>
      </div>
      {runs.length === 0 ? (
        <p className="card p-6">{t("reconciliation.admin.empty")}</p>
      ) : (
        <section aria-labelledby="runs">
          <h2 id="runs" className="text-xl font-bold">
            {t("reconciliation.admin.runs")}
          </h2>
          <ol className="mt-3 space-y-3">
            {runs.map((run, index) => {
              const hasDetails = run.items.length > 0 || run.resolved.length > 0 || run.error !== null;
              return (
                <li key={run.id} id={`run-${run.id}`} className="card p-4 sm:p-5">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <h3 className="text-lg font-semibold">
                      <span className="sr-only">{index === 0 ? `${t("reconciliation.admin.latest")}: ` : ""}</span>
                      <time dateTime={run.startedAt}>{formatDateTime(run.startedAt, locale)}</time>
                      <span className="ml-2 text-sm font-normal text-stone-600">
                        #{run.id} · {t(`reconciliation.admin.trigger.${run.trigger}`)} · {run.gateway}
                      </span>
                    </h3>
                    <Outcome run={run} />
                  </div>
                  <dl className="mt-2 grid gap-x-6 gap-y-1 text-sm text-stone-700 sm:grid-cols-2">
                    <div>
                      <dt className="inline font-medium">{t("reconciliation.admin.col.window")}: </dt>
                      <dd className="inline">
                        {t("reconciliation.admin.window", { since: formatDateTime(run.windowSince, locale), until: formatDateTime(run.windowUntil, locale) })}
                      </dd>
                    </div>
                    <div>
                      <dt className="inline font-medium">{t("reconciliation.admin.col.counts")}: </dt>
                      <dd className="inline">
                        {t("reconciliation.admin.counts", { payments: run.counts.payments, refunds: run.counts.refunds, matched: run.counts.matched })}
                        {run.counts.pending
                          ? ` · ${t("reconciliation.report.pending", { count: run.counts.pending, grace: formatDuration(run.graceMs) })}`
                          : ""}
                        {run.counts.healed ? ` · ${t("reconciliation.report.healed", { count: run.counts.healed })}` : ""}
                        {` · ${t("reconciliation.admin.notified", { count: run.notified })}`}
                      </dd>
                    </div>
                  </dl>
                  {hasDetails ? (
                    <details className="mt-3" open={index === 0}>
                      <summary className="cursor-pointer font-medium text-brand-800">{t("reconciliation.admin.details")}</summary>
                      <div className="mt-2">
                        <RunDetails run={run} locale={locale} />
                      </div>
                    </details>
                  ) : null}
                </li>
              );
            })}
          </ol>
        </section>
      )}
    </div>
  );
}
