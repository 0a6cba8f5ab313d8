import { Form, Link } from "@remix-run/react";
import { confirmOnSubmit } from "../../components/ui/confirm";
import { FundingChart } from "../../components/projects/funding-chart";
import { HistoryEntry } from "../../components/projects/history-entry";
import { FundingProgress } from "../../components/projects/progress";
import { PledgeStatusBadge, ProjectStatusBadge } from "../../components/projects/status";
import { TimeLeft } from "../../components/projects/time-left";
import { FormErrorSummary, TextArea, TextField } from "../../components/ui/field";
import { formatDate, formatDateTime, formatMoney } from "../../i18n/format";
import type { MessageKey } from "../../i18n/i18n";
import { useLocale, useT } from "../../i18n/use-t";
import type { DashboardPage } from "../../pages/dashboard-page";
import { deadlineFor, isEditable, tiersEditable } from "../../projects/project";
import type { FieldErrors } from "../../forms/forms";

/** The dashboard's sections (route-local: only /projects/<slug>/dashboard shows them). */
type Project = DashboardPage["project"];

export function DashboardHeader({ project, can }: { project: Project; can: DashboardPage["can"] }) {
  const t = useT();
  return (
    <header className="space-y-2">
      <p>
        <Link to={`/projects/${project.slug}`}>← {t("projects.dashboard.viewPage")}</Link>
      </p>
      <h1 className="text-3xl font-bold">{project.title}</h1>
      <p className="flex flex-wrap items-center gap-2 text-stone-700">
        {t("projects.dashboard.title")} · <ProjectStatusBadge status={project.status} />
      </p>
      <div className="flex flex-wrap gap-2">
        {can.edit && isEditable(project.status) ? (
          <Link to={`/projects/${project.slug}/edit`} className="btn-secondary">
            {t("projects.dashboard.edit")}
          </Link>
        ) : null}
        {can.edit && tiersEditable(project.status) ? (
          <Link to={`/projects/${project.slug}/tiers`} className="btn-secondary">
            {t("projects.dashboard.tiers")}
          </Link>
        ) : null}
        <Link to={`/projects/${project.slug}/needs`} className="btn-secondary">
          {t("needs.manage.link")}
        </Link>
        {can.export ? (
          <a href={`/projects/${project.slug}/export.zip`} className="btn-secondary" download title={t("privacy.project.export.hint")}>
            {t("privacy.project.export")}
          </a>
        ) : null}
      </div>
    </header>
  );
}

/** Review and lifecycle: the moderator's last message, submit / launch, the history, cancel. */
export function ReviewSection({
  project,
  events,
  now,
  planTotalCents,
  errors,
  busy,
  canSteer,
}: {
  project: Project;
  events: DashboardPage["events"];
  now: Date;
  planTotalCents: number;
  errors?: FieldErrors;
  busy: boolean;
  /** Submit, launch and cancel are the initiator's (decision 071); a co-initiator sees where the project is. */
  canSteer: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  // The moderator's message, not a later change of the team in the same status (decision 071).
  const lastReview = [...events].reverse().find((e) => e.to === "changes_requested" && !e.member);
  return (
    <section aria-labelledby="review" className="card space-y-4 p-6">
      <h2 id="review" className="text-xl font-bold">
        {t("projects.dashboard.review")}
      </h2>
      <p>{t(`projects.statusExplain.${project.status}`)}</p>
      {project.status === "changes_requested" && lastReview?.note ? (
        <div className="rounded-lg border border-orange-300 bg-orange-50 p-4" role="note">
          <p className="text-sm font-semibold">{t("projects.dashboard.moderatorMessage", { name: lastReview.actor?.displayName ?? "" })}</p>
          <p className="mt-1 whitespace-pre-line">{lastReview.note}</p>
        </div>
      ) : null}
      <FormErrorSummary errors={errors} />
      {canSteer && isEditable(project.status) ? (
        <Form method="post" className="space-y-2">
          {planTotalCents !== project.goalCents ? (
            <p className="text-sm font-medium text-red-700">
              {t("projects.plan.mismatch", { total: formatMoney(planTotalCents, locale), goal: formatMoney(project.goalCents, locale) })}
            </p>
          ) : null}
          <button type="submit" name="intent" value="submit" className="btn-primary" disabled={busy}>
            {project.status === "draft" ? t("projects.dashboard.submit") : t("projects.dashboard.resubmit")}
          </button>
        </Form>
      ) : null}
      {canSteer && project.status === "approved" ? (
        <Form method="post" className="space-y-2">
          <p className="text-sm text-stone-700">
            {t("projects.dashboard.launchExplain", {
              count: project.durationDays,
              deadline: formatDateTime(deadlineFor(new Date(now), project.durationDays), locale),
            })}
          </p>
          <button type="submit" name="intent" value="launch" className="btn-primary" disabled={busy}>
            {t("projects.dashboard.launch")}
          </button>
        </Form>
      ) : null}
      <details>
        <summary className="cursor-pointer text-sm font-medium">{t("projects.dashboard.history")}</summary>
        <ol className="mt-2 space-y-2 text-sm">
          {events.map((e, i) => (
            <HistoryEntry key={i} entry={e} />
          ))}
        </ol>
      </details>
      {canSteer && ["draft", "submitted", "changes_requested", "approved", "live"].includes(project.status) ? (
        <details>
          <summary className="cursor-pointer text-sm font-medium text-red-800">{t("projects.dashboard.cancel")}</summary>
          <Form method="post" className="mt-2 space-y-2" onSubmit={confirmOnSubmit(t("projects.dashboard.cancelAsk"))}>
            <p className="text-sm">{t("projects.dashboard.cancelExplain")}</p>
            <TextField label={t("projects.cancel.reasonOptional")} name="reason" optional maxLength={1000} />
            <button type="submit" name="intent" value="cancel" className="btn-danger" disabled={busy}>
              {t("projects.dashboard.cancelConfirm")}
            </button>
          </Form>
        </details>
      ) : null}
    </section>
  );
}

export function NumbersSection({ project, series, now }: { project: Project; series: DashboardPage["series"]; now: Date }) {
  const t = useT();
  return (
    <section aria-labelledby="numbers" className="card space-y-4 p-6">
      <h2 id="numbers" className="text-xl font-bold">
        {t("projects.dashboard.numbers")}
      </h2>
      <FundingProgress pledgedCents={project.pledgedCents} goalCents={project.goalCents} collectedCents={project.collectedCents} showCollected />
      <p className="text-sm text-stone-700">
        {t("projects.backers.count", { count: project.backerCount })}
        {project.status === "live" ? (
          <>
            {" · "}
            <TimeLeft endsAt={project.endsAt} now={now} />
          </>
        ) : null}
      </p>
      {project.launchedAt ? <FundingChart points={series} goalCents={project.goalCents} start={project.launchedAt} end={project.endsAt ?? now} /> : null}
    </section>
  );
}

export function TierTotalsSection({ tiers }: { tiers: DashboardPage["tiers"] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="tier-totals" className="card p-6">
      <h2 id="tier-totals" className="text-xl font-bold">
        {t("projects.dashboard.tierTotals")}
      </h2>
      <table className="mt-3 w-full text-left text-sm">
        <thead>
          <tr className="border-b border-stone-300">
            <th scope="col" className="py-2">
              {t("projects.dashboard.tier")}
            </th>
            <th scope="col" className="py-2 text-right">
              {t("projects.page.backers")}
            </th>
            <th scope="col" className="py-2 text-right">
              {t("projects.dashboard.pledged")}
            </th>
            <th scope="col" className="py-2 text-right">
              {t("projects.page.collected")}
            </th>
          </tr>
        </thead>
        <tbody>
          {tiers.map((row) => (
            <tr key={row.tierId ?? "none"} className="border-b border-stone-200">
              <th scope="row" className="py-2 font-normal">
                {row.title ?? t("projects.dashboard.noTier")}
              </th>
              <td className="py-2 text-right tabular-nums">{row.backers}</td>
              <td className="py-2 text-right tabular-nums">{formatMoney(row.pledgedCents, locale)}</td>
              <td className="py-2 text-right tabular-nums">{formatMoney(row.collectedCents, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function BackersSection({ project, backers }: { project: Project; backers: DashboardPage["backers"] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="backers-table" className="card p-6">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="backers-table" className="text-xl font-bold">
          {t("projects.dashboard.backers")}
        </h2>
        <span className="flex flex-wrap gap-2">
          <a href={`/projects/${project.slug}/backers.csv?for=spreadsheet`} className="btn-secondary" download>
            {t("projects.dashboard.csvSpreadsheet")}
          </a>
          <a href={`/projects/${project.slug}/backers.csv`} className="btn-secondary" download>
            {t("projects.dashboard.csv")}
          </a>
        </span>
      </div>
      {backers.length === 0 ? <p className="mt-2 text-stone-700">{t("projects.page.noBackers")}</p> : null}
      <div className="mt-3 overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-stone-300">
              <th scope="col" className="py-2 pr-3">
                {t("projects.dashboard.name")}
              </th>
              <th scope="col" className="py-2 pr-3 text-right">
                {t("projects.plan.amount")}
              </th>
              <th scope="col" className="py-2 pr-3">
                {t("projects.dashboard.tier")}
              </th>
              <th scope="col" className="py-2 pr-3">
                {t("projects.dashboard.status")}
              </th>
              <th scope="col" className="py-2">
                {t("projects.dashboard.message")}
              </th>
            </tr>
          </thead>
          <tbody>
            {backers.map((b) => (
              <tr key={b.pledgeId} className="border-b border-stone-200 align-top">
                <td className="py-2 pr-3">{b.name ?? t("projects.backers.anonymous")}</td>
                <td className="py-2 pr-3 text-right tabular-nums">{formatMoney(b.amountCents, locale)}</td>
                <td className="py-2 pr-3">{b.tierTitle ?? "—"}</td>
                <td className="py-2 pr-3">
                  <PledgeStatusBadge status={b.status} />
                </td>
                <td className="py-2">{b.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function PostUpdateSection({ errors, busy }: { errors?: FieldErrors; busy: boolean }) {
  const t = useT();
  return (
    <section aria-labelledby="post-update" className="card p-6">
      <h2 id="post-update" className="text-xl font-bold">
        {t("projects.update.new")}
      </h2>
      <Form method="post" className="mt-3 space-y-3" noValidate>
        <FormErrorSummary errors={errors} />
        <input type="hidden" name="intent" value="update" />
        <TextField label={t("projects.update.title")} name="title" required maxLength={120} error={errors?.title} />
        <TextArea label={t("projects.update.body")} hint={t("projects.field.story.hint")} name="body" required rows={6} error={errors?.body} />
        <button type="submit" className="btn-primary" disabled={busy}>
          {t("projects.update.submit")}
        </button>
      </Form>
    </section>
  );
}

/**
 * The payout (docs/decisions/053-payouts.md): the initiator's account at the payment partner, the
 * statement (collected − fees − refunds = what they get) and where the payout is. A definition list,
 * one line per amount, so it reads well on a phone.
 */
export function PayoutSection({
  payout,
  returned,
  errors,
  busy,
}: {
  payout: NonNullable<DashboardPage["payout"]>;
  returned: boolean;
  errors?: FieldErrors;
  busy: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const { account, statement, blocker } = payout;
  const money = (cents: number) => formatMoney(cents, locale);
  const latest = statement.payout;
  const when = latest?.paidAt ?? latest?.failedAt ?? latest?.sentAt ?? null;
  const last4 = latest?.bankLast4 ?? account.bankLast4;
  const rows: [MessageKey, string][] = [
    ["payout.statement.collected", money(statement.collectedCents)],
    ["payout.statement.processingFees", `− ${money(statement.processingFeeCents)}`],
    ["payout.statement.platformFees", `− ${money(statement.platformFeeCents)}`],
    ["payout.statement.refunds", `− ${money(statement.refundedCents)}`],
    ["payout.statement.payable", money(statement.payableCents)],
    ["payout.statement.paidOut", money(statement.paidOutCents)],
  ];
  if (when) rows.push(["payout.statement.date", formatDate(when, locale)]);
  if (last4) rows.push(["payout.statement.bank", t("payout.statement.bankLast4", { last4 })]);
  return (
    <section aria-labelledby="payout" className="card space-y-4 p-6">
      <h2 id="payout" className="text-xl font-bold">
        {t("payout.title")}
      </h2>
      <FormErrorSummary errors={errors} />
      {payout.monthly ? <p className="text-stone-700">{t("payout.monthly.note")}</p> : null}
      {returned && account.status !== "verified" ? <p role="status">{t("payout.flash.onboardingReturned")}</p> : null}
      <div className="space-y-2">
        {account.status === "verified" ? (
          <p>
            {account.bankLast4 ? t("payout.account.verified", { bank: account.bankName ?? "", last4: account.bankLast4 }) : t("payout.account.verifiedNoBank")}
          </p>
        ) : (
          <Form method="post" className="space-y-2">
            <p>{t(account.status === "none" ? "payout.account.none" : "payout.account.details_needed")}</p>
            <button type="submit" name="intent" value="payout_onboarding" className="btn-primary" disabled={busy}>
              {t(account.status === "none" ? "payout.account.connect" : "payout.account.continue")}
            </button>
          </Form>
        )}
      </div>
      {latest ? (
        <p role="status" className="font-medium">
          {t(`payout.status.${latest.status}`, {
            amount: money(latest.amountCents),
            date: when ? formatDate(when, locale) : "",
          })}
        </p>
      ) : blocker ? (
        <p className="text-stone-700">{t(`payout.blocker.${blocker}`)}</p>
      ) : null}
      <div>
        <h3 className="text-lg font-semibold">{t("payout.statement.title")}</h3>
        <dl className="mt-2 divide-y divide-stone-200">
          {rows.map(([key, value]) => (
            <div key={key} className="flex flex-wrap justify-between gap-x-4 py-2">
              <dt className="text-stone-700">{t(key)}</dt>
              <dd className="font-medium tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
      </div>
    </section>
  );
}

/** A succeeded project: the initiator marks it delivered, and its backers may review them (docs/reputation.md). */
export function DeliveredSection({ project, errors, busy }: { project: Project; errors?: FieldErrors; busy: boolean }) {
  const t = useT();
  const locale = useLocale();
  if (project.status !== "succeeded" && project.status !== "paid_out") return null;
  return (
    <section aria-labelledby="delivered" className="card space-y-3 p-6">
      <h2 id="delivered" className="text-xl font-bold">
        {t("projects.deliver.button")}
      </h2>
      {project.deliveredAt ? (
        <p>{t("projects.deliver.done", { date: formatDate(new Date(project.deliveredAt), locale) })}</p>
      ) : (
        <Form method="post" className="space-y-2">
          <p>{t("projects.deliver.intro")}</p>
          <FormErrorSummary errors={errors} />
          <button type="submit" name="intent" value="mark_delivered" className="btn-primary" disabled={busy}>
            {t("projects.deliver.button")}
          </button>
        </Form>
      )}
    </section>
  );
}
