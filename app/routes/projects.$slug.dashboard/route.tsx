import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "../../auth/guards.server";
import { redirectWithFlash } from "../../http/flash.server";
import { getTranslator } from "../../http/locale.server";
import type { MessageKey } from "../../i18n/i18n";
import { getDashboardPage } from "../../pages/dashboard-page.server";
import { requireOwnProject } from "../../projects/access.server";
import { projectActionErrorKey } from "../../projects/errors";
import type { ProjectEvent } from "../../projects/project";
import { UpdateSchema } from "../../projects/project-schema";
import { applyProjectEvent } from "../../projects/projects.server";
import { postUpdate } from "../../projects/updates.server";
import { startPayoutOnboarding } from "../../payouts/payouts.server";
import { fieldError, parseIntentForm } from "../../forms/forms";
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

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireOwnProject(context, params.slug, user);
  const { t } = await getTranslator(context, request);
  const page = await getDashboardPage(context.services.db, { project, now: context.services.clock.now(), gateway: context.services.gateway.kind });
  // Back from the payment partner's onboarding page: the account's status arrives as its event, not from this URL.
  const returnedFromOnboarding = new URL(request.url).searchParams.get("payouts") === "returned";
  return { title: `${t("projects.dashboard.title")} · ${project.title} · ${t("app.name")}`, ...page, returnedFromOnboarding };
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
  ],
  "form.invalid",
);
type LifecycleIntent = Exclude<z.output<typeof DashboardActionSchema>, { intent: "update" | "payout_onboarding" }>;

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
  const project = await requireOwnProject(context, params.slug, user);
  const form = parseIntentForm(DashboardActionSchema, await request.formData());
  if (!form.ok) return data(form, { status: 400 });
  const { intent } = form;
  const { db, clock, extensions } = context.services;
  const now = clock.now();
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
  const { project, events, backers, tiers, series, now, planTotalCents, payout, returnedFromOnboarding } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errorsFor = (...intents: string[]) => (actionData && !actionData.ok && intents.includes(actionData.intent) ? actionData.errors : undefined);
  const launched = project.launchedAt !== null;
  return (
    <div className="space-y-8">
      <DashboardHeader project={project} />
      <ReviewSection project={project} events={events} now={now} planTotalCents={planTotalCents} errors={errorsFor("submit", "launch", "cancel")} busy={busy} />
      <DeliveredSection project={project} errors={errorsFor("mark_delivered")} busy={busy} />
      {launched ? (
        <>
          {payout ? <PayoutSection payout={payout} returned={returnedFromOnboarding} errors={errorsFor("payout_onboarding")} busy={busy} /> : null}
          <NumbersSection project={project} series={series} now={now} />
          <TierTotalsSection tiers={tiers} />
          <BackersSection project={project} backers={backers} />
          <PostUpdateSection errors={errorsFor("update")} busy={busy} />
        </>
      ) : null}
    </div>
  );
}
