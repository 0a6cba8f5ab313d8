import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { FundingChart } from "../components/projects/funding-chart";
import { FundingProgress } from "../components/projects/progress";
import { PledgeStatusBadge, ProjectStatusBadge } from "../components/projects/status";
import { TimeLeft } from "../components/projects/time-left";
import { FormErrorSummary, TextArea, TextField } from "../components/ui/field";
import { formatDateTime, formatMoney } from "../i18n/format";
import type { MessageKey } from "../i18n/i18n";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { fundingSeries, listBackersForInitiator, tierTotals } from "../pledges/pledges.server";
import { requireOwnProject } from "../projects/access.server";
import { redirectWithFlash } from "../http/flash.server";
import { budgetTotal, deadlineFor, isEditable, tiersEditable } from "../projects/project";
import { UpdateSchema } from "../projects/project-schema";
import { applyProjectEvent, listProjectEvents } from "../projects/projects.server";
import { postUpdate } from "../projects/updates.server";
import { fieldError, parseForm } from "../utils/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireOwnProject(context, params.slug, user);
  const { t } = await getTranslator(context, request);
  const { db, clock } = context.services;
  const [events, backers, tiers, series] = await Promise.all([
    listProjectEvents(db, project.id),
    listBackersForInitiator(db, project.id),
    tierTotals(db, project.id),
    fundingSeries(db, project.id),
  ]);
  return {
    title: `${t("projects.dashboard.title")} · ${project.title} · ${t("app.name")}`,
    project,
    events: events.filter((e) => e.event !== "edited"),
    backers,
    tiers,
    series,
    now: clock.now(),
    planTotalCents: budgetTotal(project.budgetLines),
  };
}

const transitionErrors: Record<string, MessageKey> = {
  IllegalTransition: "projects.error.IllegalTransition",
  BudgetMismatch: "projects.error.BudgetMismatch",
  AlreadyCharged: "projects.error.AlreadyCharged",
  NotAllowed: "projects.error.NotAllowed",
  NotFound: "projects.error.NotAllowed",
  MessageRequired: "projects.review.messageRequired",
  ReasonRequired: "projects.cancel.reasonRequired",
  DeadlineNotReached: "projects.error.IllegalTransition",
  PaymentsOutstanding: "projects.error.PaymentsOutstanding",
};

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireOwnProject(context, params.slug, user);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const { db, clock } = context.services;
  const now = clock.now();
  if (intent === "update") {
    const parsed = parseForm(UpdateSchema, form);
    if (!parsed.ok) return data({ ...parsed, intent }, { status: 400 });
    const result = await postUpdate(db, { projectId: project.id, actorId: user.id, ...parsed.data, now });
    if (!result.ok) return data({ ...fieldError("_form", result.error), intent }, { status: 400 });
    return redirectWithFlash(context, request, `/projects/${project.slug}/dashboard`, { kind: "success", key: "projects.update.posted" });
  }
  const event =
    intent === "submit"
      ? ({ type: "submit" } as const)
      : intent === "launch"
        ? ({ type: "launch", now } as const)
        : intent === "cancel"
          ? ({ type: "cancel", by: "initiator", reason: String(form.get("reason") ?? "").slice(0, 1000) } as const)
          : null;
  if (!event) throw new Response("Bad request", { status: 400 });
  const result = await applyProjectEvent(db, { projectId: project.id, actor: user, event, now }, context.services.extensions.projectTransitionEffects);
  if (!result.ok) return data({ ...fieldError("_form", transitionErrors[result.error] ?? "projects.error.IllegalTransition"), intent }, { status: 400 });
  const flash: Record<string, MessageKey> = { submit: "projects.flash.submitted", launch: "projects.flash.launched", cancel: "projects.flash.cancelled" };
  return redirectWithFlash(context, request, `/projects/${project.slug}/dashboard`, { kind: "success", key: flash[intent]! });
}

export default function Dashboard() {
  const { project, events, backers, tiers, series, now, planTotalCents } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const errorsFor = (intent: string) => (actionData && !actionData.ok && actionData.intent === intent ? actionData.errors : undefined);
  const lastReview = [...events].reverse().find((e) => e.to === "changes_requested");
  const launched = project.launchedAt !== null;
  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <p>
          <Link to={`/projects/${project.slug}`}>← {t("projects.dashboard.viewPage")}</Link>
        </p>
        <h1 className="text-3xl font-bold">{project.title}</h1>
        <p className="flex flex-wrap items-center gap-2 text-stone-700">
          {t("projects.dashboard.title")} · <ProjectStatusBadge status={project.status} />
        </p>
        <div className="flex flex-wrap gap-2">
          {isEditable(project.status) ? (
            <Link to={`/projects/${project.slug}/edit`} className="btn-secondary">
              {t("projects.dashboard.edit")}
            </Link>
          ) : null}
          {tiersEditable(project.status) ? (
            <Link to={`/projects/${project.slug}/tiers`} className="btn-secondary">
              {t("projects.dashboard.tiers")}
            </Link>
          ) : null}
        </div>
      </header>

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
        <FormErrorSummary errors={errorsFor("submit") ?? errorsFor("launch") ?? errorsFor("cancel")} />
        {isEditable(project.status) ? (
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
        {project.status === "approved" ? (
          <Form method="post" className="space-y-2">
            <p className="text-sm text-stone-700">
              {t("projects.dashboard.launchExplain", { count: project.durationDays, deadline: formatDateTime(deadlineFor(new Date(now), project.durationDays), locale) })}
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
              <li key={i}>
                <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at, locale)}</time> — {t(`projects.status.${e.to}` as MessageKey)}
                {e.actor ? ` (${e.actor.displayName})` : ""}
                {e.note ? <span className="block whitespace-pre-line text-stone-700">“{e.note}”</span> : null}
              </li>
            ))}
          </ol>
        </details>
        {["draft", "submitted", "changes_requested", "approved", "live"].includes(project.status) ? (
          <details>
            <summary className="cursor-pointer text-sm font-medium text-red-800">{t("projects.dashboard.cancel")}</summary>
            <Form method="post" className="mt-2 space-y-2">
              <p className="text-sm">{t("projects.dashboard.cancelExplain")}</p>
              <TextField label={t("projects.cancel.reasonOptional")} name="reason" optional maxLength={1000} />
              <button type="submit" name="intent" value="cancel" className="btn-danger" disabled={busy}>
                {t("projects.dashboard.cancelConfirm")}
              </button>
            </Form>
          </details>
        ) : null}
      </section>

      {launched ? (
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
          {project.launchedAt ? (
            <FundingChart points={series} goalCents={project.goalCents} start={project.launchedAt} end={project.endsAt ?? now} />
          ) : null}
        </section>
      ) : null}

      {launched ? (
        <section aria-labelledby="tier-totals" className="card p-6">
          <h2 id="tier-totals" className="text-xl font-bold">
            {t("projects.dashboard.tierTotals")}
          </h2>
          <table className="mt-3 w-full text-left text-sm">
            <thead>
              <tr className="border-b border-stone-300">
                <th scope="col" className="py-2">{t("projects.dashboard.tier")}</th>
                <th scope="col" className="py-2 text-right">{t("projects.page.backers")}</th>
                <th scope="col" className="py-2 text-right">{t("projects.dashboard.pledged")}</th>
                <th scope="col" className="py-2 text-right">{t("projects.page.collected")}</th>
              </tr>
            </thead>
            <tbody>
              {tiers.map((row) => (
                <tr key={row.tierId ?? "none"} className="border-b border-stone-200">
                  <th scope="row" className="py-2 font-normal">{row.title ?? t("projects.dashboard.noTier")}</th>
                  <td className="py-2 text-right tabular-nums">{row.backers}</td>
                  <td className="py-2 text-right tabular-nums">{formatMoney(row.pledgedCents, locale)}</td>
                  <td className="py-2 text-right tabular-nums">{formatMoney(row.collectedCents, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      {launched ? (
        <section aria-labelledby="backers-table" className="card p-6">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="backers-table" className="text-xl font-bold">
              {t("projects.dashboard.backers")}
            </h2>
            <a href={`/projects/${project.slug}/backers.csv`} className="btn-secondary" download>
              {t("projects.dashboard.csv")}
            </a>
          </div>
          {backers.length === 0 ? <p className="mt-2 text-stone-700">{t("projects.page.noBackers")}</p> : null}
          <div className="mt-3 overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead>
                <tr className="border-b border-stone-300">
                  <th scope="col" className="py-2 pr-3">{t("projects.dashboard.name")}</th>
                  <th scope="col" className="py-2 pr-3 text-right">{t("projects.plan.amount")}</th>
                  <th scope="col" className="py-2 pr-3">{t("projects.dashboard.tier")}</th>
                  <th scope="col" className="py-2 pr-3">{t("projects.dashboard.status")}</th>
                  <th scope="col" className="py-2">{t("projects.dashboard.message")}</th>
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
      ) : null}

      {launched ? (
        <section aria-labelledby="post-update" className="card p-6">
          <h2 id="post-update" className="text-xl font-bold">
            {t("projects.update.new")}
          </h2>
          <Form method="post" className="mt-3 space-y-3" noValidate>
            <FormErrorSummary errors={errorsFor("update")} />
            <input type="hidden" name="intent" value="update" />
            <TextField label={t("projects.update.title")} name="title" required maxLength={120} error={errorsFor("update")?.title} />
            <TextArea label={t("projects.update.body")} hint={t("projects.field.story.hint")} name="body" required rows={6} error={errorsFor("update")?.body} />
            <button type="submit" className="btn-primary" disabled={busy}>
              {t("projects.update.submit")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
