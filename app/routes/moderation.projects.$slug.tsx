import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { confirmOnSubmit } from "../components/ui/confirm";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "../auth/guards.server";
import { FundingPlanTable } from "../components/projects/funding-plan";
import { HistoryEntry } from "../components/projects/history-entry";
import { ResponsiveImage } from "../components/ui/responsive-image";
import { ProjectStatusBadge } from "../components/projects/status";
import { FormErrorSummary, TextArea } from "../components/ui/field";
import { formatDateTime, formatMoney } from "../i18n/format";
import type { MessageKey } from "../i18n/i18n";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { redirectWithFlash } from "../http/flash.server";
import { budgetTotal } from "../projects/project";
import type { z } from "zod";
import { projectActionErrorKey } from "../projects/errors";
import type { ProjectEvent } from "../projects/project";
import { ReviewSchema } from "../projects/project-schema";
import { applyProjectEvent, changesSinceReview, getProjectBySlug, listProjectEvents } from "../projects/projects.server";
import type { ReviewChange } from "../projects/review-diff";
import { fieldError, parseForm } from "../forms/forms";
import { renderMarkdown } from "../utils/markdown.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireRole(context, request, "moderator");
  const project = await getProjectBySlug(context.services.db, params.slug ?? "");
  if (!project || project.status === "draft") throw new Response("Not found", { status: 404 });
  const { t, locale } = await getTranslator(context, request);
  const { db } = context.services;
  // What changed since the moderator last asked for changes (issue 13 §15).
  const [events, sinceReview] = await Promise.all([
    listProjectEvents(db, project.id),
    changesSinceReview(db, project.id, (cents) => formatMoney(cents, locale)),
  ]);
  return {
    title: `${t("moderation.review")} · ${project.title} · ${t("app.name")}`,
    project: { ...project, storyHtml: renderMarkdown(project.story) },
    events: events.filter((e) => e.event !== "edited"),
    ownProject: project.initiator.id === user.id,
    sinceReview,
  };
}

type ReviewInput = z.output<typeof ReviewSchema>;

function reviewEvent(input: ReviewInput): ProjectEvent {
  switch (input.intent) {
    case "approve":
      return { type: "approve" };
    case "request_changes":
      return { type: "request_changes", message: input.message };
    case "cancel":
      return { type: "cancel", by: "moderator", reason: input.reason };
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "moderator");
  const project = await getProjectBySlug(context.services.db, params.slug ?? "");
  if (!project) throw new Response("Not found", { status: 404 });
  const form = parseForm(ReviewSchema, await request.formData());
  if (!form.ok) return data(form, { status: 400 });
  const input = form.data;
  const { db, clock, extensions } = context.services;
  const result = await applyProjectEvent(
    db,
    { projectId: project.id, actor: user, event: reviewEvent(input), now: clock.now() },
    extensions.projectTransitionEffects,
  );
  if (!result.ok) return data(fieldError("_form", projectActionErrorKey(result.error)), { status: 400 });
  const flash: Record<typeof input.intent, MessageKey> = {
    approve: "moderation.flash.approved",
    request_changes: "moderation.flash.changesRequested",
    cancel: "moderation.flash.cancelled",
  };
  return redirectWithFlash(context, request, input.intent === "cancel" ? `/moderation/projects/${project.slug}` : "/moderation", {
    kind: "success",
    key: flash[input.intent],
  });
}

export default function Review() {
  const { project, events, ownProject, sinceReview } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  const total = budgetTotal(project.budgetLines);
  return (
    <div className="space-y-6">
      <p>
        <Link to="/moderation">← {t("moderation.title")}</Link>
      </p>
      <header className="space-y-2">
        <h1 className="text-3xl font-bold">{project.title}</h1>
        <p className="flex flex-wrap items-center gap-2 text-stone-700">
          <ProjectStatusBadge status={project.status} /> {project.initiator.displayName} · {project.neighbourhood.name} ·{" "}
          {t(`projects.category.${project.category}`)} · {t(`projects.fundingModel.${project.fundingModel}`)} ·{" "}
          {t("moderation.duration", { count: project.durationDays })}
        </p>
        <p>{project.summary}</p>
      </header>
      {project.cover ? (
        <ResponsiveImage
          image={project.cover.large}
          alt={t("moderation.review.cover")}
          sizes="(min-width: 640px) 36rem, 100vw"
          className="w-full max-w-xl rounded-lg"
        />
      ) : (
        <p className="text-sm text-stone-700">{t("moderation.review.noCover")}</p>
      )}
      <FormErrorSummary errors={errors} />
      {sinceReview ? <SinceReview at={sinceReview.at} changes={sinceReview.changes} /> : null}

      <section aria-labelledby="plan" className="card p-6">
        <h2 id="plan" className="text-xl font-bold">
          {t("projects.page.plan")}
        </h2>
        <FundingPlanTable lines={project.budgetLines} totalCents={total} goalCents={project.goalCents} />
      </section>

      {project.tiers.length > 0 ? (
        <section aria-labelledby="tiers" className="card p-6">
          <h2 id="tiers" className="text-xl font-bold">
            {t("projects.page.tiers")}
          </h2>
          <ul className="mt-2 list-disc pl-5">
            {project.tiers.map((tier) => (
              <li key={tier.id}>
                {tier.title} — {t("projects.tier.from", { amount: formatMoney(tier.minCents, locale, { compact: true }) })}
                {tier.quantity ? ` · ${t("projects.tier.remaining", { count: tier.remaining ?? 0, total: tier.quantity })}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="story" className="card p-6">
        <h2 id="story" className="text-xl font-bold">
          {t("projects.page.story")}
        </h2>
        <div className="prose-bk mt-2" dangerouslySetInnerHTML={{ __html: project.storyHtml }} />
      </section>

      {project.status === "submitted" && !ownProject ? (
        <section aria-labelledby="decide" className="card space-y-4 p-6">
          <h2 id="decide" className="text-xl font-bold">
            {t("moderation.decide")}
          </h2>
          <Form method="post">
            <button type="submit" name="intent" value="approve" className="btn-primary" disabled={busy}>
              {t("moderation.approve")}
            </button>
          </Form>
          <Form method="post" className="space-y-2" noValidate>
            <input type="hidden" name="intent" value="request_changes" />
            <TextArea
              label={t("moderation.message")}
              hint={t("moderation.message.hint")}
              name="message"
              required
              rows={4}
              maxLength={2000}
              error={errors?.message}
            />
            <button type="submit" className="btn-secondary" disabled={busy}>
              {t("moderation.requestChanges")}
            </button>
          </Form>
        </section>
      ) : null}
      {ownProject ? <p className="text-stone-700">{t("moderation.ownProject")}</p> : null}

      {["submitted", "changes_requested", "approved", "live", "succeeded"].includes(project.status) ? (
        <section aria-labelledby="cancel" className="card space-y-2 p-6">
          <h2 id="cancel" className="text-xl font-bold">
            {t("moderation.cancel")}
          </h2>
          <p className="text-sm text-stone-700">{t("moderation.cancel.explain")}</p>
          <Form method="post" className="space-y-2" noValidate onSubmit={confirmOnSubmit(t("moderation.cancel.ask"))}>
            <input type="hidden" name="intent" value="cancel" />
            <TextArea label={t("moderation.cancel.reason")} name="reason" required rows={3} maxLength={1000} error={errors?.reason} />
            <button type="submit" className="btn-danger" disabled={busy}>
              {t("moderation.cancel.submit")}
            </button>
          </Form>
        </section>
      ) : null}

      {["live", "succeeded", "cancelled", "failed"].includes(project.status) ? (
        <p>
          <Link to={`/moderation/projects/${project.slug}/refunds`}>{t("pledges.refund.title")} →</Link>
        </p>
      ) : null}

      <section aria-labelledby="history" className="card p-6">
        <h2 id="history" className="text-xl font-bold">
          {t("projects.dashboard.history")}
        </h2>
        <ol className="mt-2 space-y-2 text-sm">
          {events.map((e, i) => (
            <HistoryEntry key={i} entry={e} />
          ))}
        </ol>
      </section>
    </div>
  );
}

const changeLabel: Record<ReviewChange["field"], MessageKey> = {
  title: "moderation.changes.title",
  summary: "moderation.changes.summary",
  story: "moderation.changes.story",
  budget: "moderation.changes.budget",
  tiers: "moderation.changes.tiers",
  goalCents: "moderation.changes.goal",
  durationDays: "moderation.changes.duration",
  category: "moderation.changes.category",
  fundingModel: "moderation.changes.fundingModel",
  neighbourhoodId: "moderation.changes.neighbourhood",
  coverUploadId: "moderation.changes.cover",
};

/** What the initiator changed since the moderator last asked for changes: each field, texts line by line. */
function SinceReview({ at, changes }: { at: Date | string; changes: ReviewChange[] }) {
  const t = useT();
  const locale = useLocale();
  const code = (c: Extract<ReviewChange, { kind: "code" }>, value: string) =>
    c.field === "category"
      ? t(`projects.category.${value}` as MessageKey)
      : c.field === "fundingModel"
        ? t(`projects.fundingModel.${value}` as MessageKey)
        : value;
  return (
    <section aria-labelledby="since-review" className="card space-y-3 p-6">
      <h2 id="since-review" className="text-xl font-bold">
        {t("moderation.changes.heading", { date: formatDateTime(new Date(at), locale) })}
      </h2>
      {changes.length === 0 ? <p className="text-stone-700">{t("moderation.changes.none")}</p> : null}
      <dl className="space-y-3">
        {changes.map((c) => (
          <div key={c.field}>
            <dt className="font-semibold">{t(changeLabel[c.field])}</dt>
            <dd className="mt-1 text-sm">
              {c.kind === "text" ? (
                <div className="rounded border border-stone-200 bg-stone-50 p-2 font-mono text-xs whitespace-pre-wrap [overflow-wrap:anywhere]">
                  {c.parts.map((part, i) =>
                    part.added ? (
                      <ins key={i} className="bg-green-100 text-green-900 no-underline">
                        <span className="sr-only">{t("moderation.changes.added")} </span>
                        {part.value}
                      </ins>
                    ) : part.removed ? (
                      <del key={i} className="bg-red-100 text-red-900">
                        <span className="sr-only">{t("moderation.changes.removed")} </span>
                        {part.value}
                      </del>
                    ) : (
                      <span key={i} className="text-stone-600">
                        {part.value}
                      </span>
                    ),
                  )}
                </div>
              ) : c.kind === "money" ? (
                t("moderation.changes.fromTo", { from: formatMoney(c.before, locale), to: formatMoney(c.after, locale) })
              ) : c.kind === "number" ? (
                t("moderation.changes.fromTo", { from: t("moderation.duration", { count: c.before }), to: t("moderation.duration", { count: c.after }) })
              ) : c.kind === "code" ? (
                t("moderation.changes.fromTo", { from: code(c, c.before), to: code(c, c.after) })
              ) : (
                t(
                  c.before === null
                    ? "moderation.changes.coverAdded"
                    : c.after === null
                      ? "moderation.changes.coverRemoved"
                      : "moderation.changes.coverReplaced",
                )
              )}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
