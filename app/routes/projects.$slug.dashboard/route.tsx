import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useT } from "../../i18n/use-t";
import { z } from "zod";
import { requireUser } from "../../auth/guards.server";
import { redirectWithFlash } from "../../http/flash.server";
import { getTranslator } from "../../http/locale.server";
import type { MessageKey } from "../../i18n/i18n";
import { getDashboardPage } from "../../pages/dashboard-page.server";
import { requireProjectPermission } from "../../projects/access.server";
import { mayDo, type ProjectPermission } from "../../projects/team";
import { TeamInviteSchema, TeamRemoveSchema, TeamRoleSchema } from "../../projects/team-schema";
import { changeTeam } from "../../projects/team.server";
import { teamErrorKey } from "../../projects/errors";
import { projectActionErrorKey } from "../../projects/errors";
import type { ProjectEvent } from "../../projects/project";
import { UpdateSchema } from "../../projects/project-schema";
import { applyProjectEvent } from "../../projects/projects.server";
import { postUpdate } from "../../projects/updates.server";
import { startPayoutOnboarding } from "../../payouts/payouts.server";
import { fieldError, parseIntentForm } from "../../forms/forms";
import { DashboardQuestions } from "../../components/questions/questions";
import {
  BackersSection,
  DashboardHeader,
  DeliveredSection,
  NumbersSection,
  PayoutSection,
  PostUpdateSection,
  ReviewSection,
  TierTotalsSection,
} from "./sections";
import { TeamSection } from "./team-section";
import { listProjectAmbassadors } from "../../ambassadors/ambassadors.server";
import { AmbassadorsSection } from "../../components/ambassadors/dashboard";

import { projectMonthly } from "../../recurring/reads.server";
import { MonthlySection } from "../../components/recurring/monthly-section";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireProjectPermission(context, params.slug, user, "view_dashboard");
  const { t } = await getTranslator(context, request);
  const page = await getDashboardPage(context.services.db, {
    project,
    viewerId: user.id,
    standing: project.standing,
    now: context.services.clock.now(),
    gateway: context.services.gateway.kind,
  });
  // Back from the payment partner's onboarding page: the account's status arrives as its event, not from this URL.
  const returnedFromOnboarding = new URL(request.url).searchParams.get("payouts") === "returned";
  // An ongoing project's monthly givers and their monthly total (app/recurring, decision 077).
  const monthly = project.fundingModel === "ongoing" ? await projectMonthly(context.services.db, project.id) : null;
  // Who brought backers through their share links (issue 16): for everyone who sees the dashboard.
  const ambassadors = await listProjectAmbassadors(context.services.db, project.id);
  return { title: `${t("projects.dashboard.title")} · ${project.title} · ${t("app.name")}`, ...page, returnedFromOnboarding, monthly, ambassadors };
}

/** The dashboard's forms: post an update, or move the project on (submit, launch, cancel). */
const DashboardActionSchema = z.discriminatedUnion(
  "intent",
  [
    UpdateSchema.safeExtend({ intent: z.literal("update") }),
    z.object({ intent: z.literal("submit") }),
    z.object({ intent: z.literal("launch") }),
    z.object({ intent: z.literal("mark_delivered") }),
    z.object({ intent: z.literal("cancel"), reason: z.string().trim().max(1000, "form.tooLong").default("") }),
    z.object({ intent: z.literal("payout_onboarding") }),
    TeamInviteSchema,
    TeamRoleSchema,
    TeamRemoveSchema,
  ],
  "form.invalid",
);
type DashboardIntent = z.output<typeof DashboardActionSchema>["intent"];
type LifecycleIntent = Exclude<z.output<typeof DashboardActionSchema>, { intent: "update" | "payout_onboarding" | `team_${string}` }>;

/** What each form needs (app/projects/team.ts): a co-initiator posts updates; the team, the lifecycle and the payout are the initiator's. */
const intentPermission: Record<DashboardIntent, ProjectPermission> = {
  update: "post_update",
  submit: "lifecycle",
  launch: "lifecycle",
  mark_delivered: "lifecycle",
  cancel: "lifecycle",
  payout_onboarding: "payouts",
  team_invite: "manage_team",
  team_role: "manage_team",
  team_remove: "manage_team",
};

function lifecycleEvent(input: LifecycleIntent, now: Date): ProjectEvent {
  switch (input.intent) {
    case "submit":
      return { type: "submit" };
    case "launch":
      return { type: "launch", now };
    case "mark_delivered":
      return { type: "mark_delivered" };
    case "cancel":
      return { type: "cancel", by: "initiator", reason: input.reason };
  }
}

const lifecycleFlash: Record<LifecycleIntent["intent"], MessageKey> = {
  submit: "projects.flash.submitted",
  launch: "projects.flash.launched",
  mark_delivered: "projects.flash.delivered",
  cancel: "projects.flash.cancelled",
};

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireProjectPermission(context, params.slug, user, "view_dashboard");
  const form = parseIntentForm(DashboardActionSchema, await request.formData());
  if (!form.ok) return data(form, { status: 400 });
  const { intent } = form;
  if (!mayDo(project.standing, intentPermission[form.data.intent])) throw new Response("Forbidden", { status: 403 });
  const { db, clock, extensions } = context.services;
  const now = clock.now();
  const back = `/projects/${project.slug}/dashboard`;
  if (form.data.intent === "team_invite" || form.data.intent === "team_role" || form.data.intent === "team_remove") {
    const input = form.data;
    const result = await changeTeam(db, {
      projectId: project.id,
      actorId: user.id,
      subject: input.intent === "team_invite" ? { who: input.who } : { userId: input.memberId },
      event:
        input.intent === "team_invite"
          ? { type: "invite", role: input.role }
          : input.intent === "team_role"
            ? { type: "change_role", role: input.role }
            : { type: "remove" },
      now,
    });
    if (!result.ok) return data({ ...fieldError(input.intent === "team_invite" ? "who" : "_form", teamErrorKey(result.error)), intent }, { status: 400 });
    const flash = { team_invite: "team.flash.invited", team_role: "team.flash.roleChanged", team_remove: "team.flash.removed" } as const;
    return redirectWithFlash(context, request, `${back}#team`, { kind: "success", key: flash[input.intent] });
  }
  if (form.data.intent === "update") {
    const { title, body } = form.data;
    const result = await postUpdate(db, { projectId: project.id, actorId: user.id, title, body, now });
    if (!result.ok) return data({ ...fieldError("_form", result.error), intent }, { status: 400 });
    return redirectWithFlash(context, request, `/projects/${project.slug}/dashboard`, { kind: "success", key: "projects.update.posted" });
  }
  if (form.data.intent === "payout_onboarding") {
    // The initiator's own onboarding at the payment partner (its hosted page; the simulated one offline).
    const dashboard = `${context.services.env.APP_URL.replace(/\/+$/, "")}/projects/${project.slug}/dashboard`;
    const { locale } = await getTranslator(context, request);
    const link = await startPayoutOnboarding(
      { db, gateway: context.services.gateway, logger: context.logger, now: () => clock.now() },
      { userId: user.id, email: user.email, returnUrl: `${dashboard}?payouts=returned`, refreshUrl: `${dashboard}?payouts=refresh`, locale },
    );
    if (!link.ok) return data({ ...fieldError("_form", link.error), intent }, { status: 503 });
    return redirect(link.url);
  }
  const result = await applyProjectEvent(
    db,
    { projectId: project.id, actor: user, event: lifecycleEvent(form.data, now), now },
    extensions.projectTransitionEffects,
  );
  if (!result.ok) return data({ ...fieldError("_form", projectActionErrorKey(result.error)), intent }, { status: 400 });
  return redirectWithFlash(context, request, `/projects/${project.slug}/dashboard`, { kind: "success", key: lifecycleFlash[form.data.intent] });
}

export default function Dashboard() {
  const { project, events, backers, tiers, series, now, planTotalCents, payout, returnedFromOnboarding, can, team, openQuestions, monthly, ambassadors } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errorsFor = (...intents: string[]) => (actionData && !actionData.ok && intents.includes(actionData.intent) ? actionData.errors : undefined);
  const launched = project.launchedAt !== null;
  const t = useT();
  return (
    <div className="space-y-8">
      <DashboardHeader project={project} can={can} />
      <ReviewSection
        project={project}
        events={events}
        now={now}
        planTotalCents={planTotalCents}
        errors={errorsFor("submit", "launch", "cancel")}
        busy={busy}
        canSteer={can.lifecycle}
      />
      {can.lifecycle ? <DeliveredSection project={project} errors={errorsFor("mark_delivered")} busy={busy} /> : null}
      <TeamSection team={team} canManage={can.manage_team} errors={errorsFor("team_invite", "team_role", "team_remove")} busy={busy} />
      {can.answer && (launched || openQuestions.length > 0) ? <DashboardQuestions slug={project.slug} questions={openQuestions} busy={busy} /> : null}
      {launched ? (
        <>
          {payout ? <PayoutSection payout={payout} returned={returnedFromOnboarding} errors={errorsFor("payout_onboarding")} busy={busy} /> : null}
          {project.fundingModel === "community_loan" ? (
            <p id="community-loan" className="card p-4">
              <a href={`/projects/${project.slug}/buurtlening`} className="btn-primary">
                {t("communityLoans.dashboard.heading")}
              </a>
            </p>
          ) : null}
          {monthly ? <MonthlySection monthly={monthly} /> : null}
          <NumbersSection project={project} series={series} now={now} />
          <TierTotalsSection tiers={tiers} />
          <AmbassadorsSection ambassadors={ambassadors} slug={project.slug} />
          {can.see_backers ? <BackersSection project={project} backers={backers} /> : null}
          <PostUpdateSection errors={errorsFor("update")} busy={busy} />
        </>
      ) : null}
    </div>
  );
}
