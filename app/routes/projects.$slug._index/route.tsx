import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { getOptionalUser, requireUser } from "../../auth/guards.server";
import { publicPageMeta, seoContext } from "../../http/seo";
import { redirectWithFlash } from "../../http/flash.server";
import { overLimit } from "../../http/limits.server";
import { getProjectPage } from "../../pages/project-page.server";
import { getLoanTermsView, loanCaps } from "../../community-loans/pages.server";
import { CommunityLoanBox } from "../../components/community-loans/loan-box";
import { projectMonthly } from "../../recurring/reads.server";
import { requireVisibleProject } from "../../projects/access.server";
import { CommentSchema } from "../../projects/project-schema";
import { postComment, setCommentHidden } from "../../projects/updates.server";
import { useT } from "../../i18n/use-t";
import { defaultLocale, isMessageKey, type MessageKey, translate } from "../../i18n/i18n";
import { ProjectReviewBox } from "../../components/reputation/project-review";
import { ProjectQuestions } from "../../components/questions/questions";
import { ReviewActionSchema, reviewErrorField } from "../../reputation/review-schema";
import { getProjectReviewPanel, submitProjectReview } from "../../reputation/reviews.server";
import { fieldError, parseIntentForm } from "../../forms/forms";
import { visitThroughShareLink } from "../../ambassadors/visitor.server";
import { listThankedAmbassadors } from "../../ambassadors/ambassadors.server";
import { AmbassadorThanks } from "../../components/ambassadors/thanks";
import { isHttps } from "../../utils/env.server";
import {
  FundingBox,
  LedgerBox,
  LentItemsBox,
  ProjectBackers,
  ProjectComments,
  ProjectHeader,
  ProjectStory,
  ProjectTiers,
  ProjectUpdates,
  ShareBox,
  ShiftsBox,
  TeamBox,
  StatusNotice,
  WantedBox,
} from "./sections";

export const meta: MetaFunction<typeof loader> = (args) => {
  const { data } = args;
  if (!data) return [{ title: "Buurtkracht" }];
  const { og } = data;
  const tags = publicPageMeta(args, { title: og.title, description: og.description, image: og.image });
  // Others cannot open a draft or a project in review: no feed, and not for search engines.
  if (!data.feedUrl) return [...tags, { name: "robots", content: "noindex" }];
  const locale = seoContext(args.matches)?.locale ?? defaultLocale;
  const feedTitle = translate(locale, "projects.feed.title", { title: data.project.title });
  return [...tags, { tagName: "link", rel: "alternate", type: "application/atom+xml", title: feedTitle, href: data.feedUrl }];
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = await getOptionalUser(context, request);
  const project = await requireVisibleProject(context, params.slug, viewer);
  const { db, clock, env } = context.services;
  // Opened through someone's share link (issue 16): the visit is recorded, first-party, and the
  // browser keeps the code in its cookies; the address bar loses the code (it is not passed on).
  const visit = await visitThroughShareLink(db, { request, projectId: project.id, userId: viewer?.id ?? null, now: clock.now(), secure: isHttps(env) });
  if (visit) {
    const url = new URL(request.url);
    url.searchParams.delete("via");
    const headers = new Headers();
    for (const cookie of visit.cookies) headers.append("Set-Cookie", cookie);
    throw redirect(`${url.pathname}${url.search}`, { headers });
  }
  const page = await getProjectPage(db, { project, viewer, now: clock.now(), appUrl: env.APP_URL });
  const ambassadors = await listThankedAmbassadors(db, project.id);
  // A backer whose pledge was charged reviews the initiator once the project was delivered (issue 12).
  const projectReview = viewer ? await getProjectReviewPanel(db, project.id, viewer.id, clock.now()) : null;
  // A community loan's terms, example schedule and risk warning (app/community-loans).
  const communityLoan = project.fundingModel === "community_loan" ? await getLoanTermsView(db, project.id, loanCaps(env)) : null;
  // An ongoing project's monthly givers and total (app/recurring, decision 077).
  const monthly = project.fundingModel === "ongoing" ? await projectMonthly(db, project.id) : null;
  return { ...page, projectReview, communityLoan, monthly, ambassadors };
}

/** A backer's review of the initiator: the review form of the loan page, without its reply. */
const ProjectReviewSchema = ReviewActionSchema.options[0];

/** The page's forms: a comment (the default), and — initiator and moderators — hiding or showing one. */
const ProjectPageActionSchema = z.discriminatedUnion(
  "intent",
  [
    CommentSchema.safeExtend({ intent: z.literal("comment") }),
    z.object({ intent: z.enum(["hide", "unhide"]), commentId: z.string().max(64).default("") }),
    ProjectReviewSchema,
  ],
  "form.invalid",
);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireVisibleProject(context, params.slug, user);
  const form = parseIntentForm(ProjectPageActionSchema, await request.formData(), "comment");
  if (!form.ok) return data(form, { status: 400 });
  const { db, clock } = context.services;
  if (form.data.intent === "review") {
    const { stars, body, answer } = form.data;
    const result = await submitProjectReview(db, { projectId: project.id, reviewerId: user.id, stars, body, answer, now: clock.now() });
    if (!result.ok) {
      const key = isMessageKey(`reputation.error.${result.error}`) ? (`reputation.error.${result.error}` as MessageKey) : "form.invalid";
      return data({ ...fieldError(reviewErrorField(result.error, "review"), key), intent: "review" }, { status: 400 });
    }
    return redirectWithFlash(context, request, `/projects/${project.slug}#review`, { kind: "success", key: "reputation.flash.projectReviewed" });
  }
  if (form.data.intent !== "comment") {
    const hidden = form.data.intent === "hide";
    const result = await setCommentHidden(db, { projectId: project.id, commentId: form.data.commentId, actor: user, hidden, now: clock.now() });
    if (!result.ok) throw new Response("Not found", { status: 404 });
    return redirectWithFlash(context, request, `/projects/${project.slug}#comments`, {
      kind: "success",
      key: hidden ? "projects.comment.hidden" : "projects.comment.shown",
    });
  }
  const limited = await overLimit(context, "comment.user", user.id, { body: form.data.body });
  if (limited) return limited;
  const result = await postComment(db, { projectId: project.id, authorId: user.id, body: form.data.body, now: clock.now() });
  if (!result.ok) return data(fieldError("body", result.error), { status: 403 });
  return redirectWithFlash(context, request, `/projects/${project.slug}#comments`, { kind: "success", key: "projects.comment.posted" });
}

export default function ProjectPage() {
  const page = useLoaderData<typeof loader>();
  const { project, now, viewer } = page;
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const live =
    project.status === "live" &&
    (project.fundingModel === "ongoing" || (project.endsAt !== null && new Date(project.endsAt).getTime() > new Date(now).getTime()));
  return (
    <article className="space-y-8">
      <ProjectHeader project={project} viewer={viewer} />
      <StatusNotice project={project} />
      {/* The funding box comes first (issue 13 §10): on a phone it and "Steun dit project" sit right
          under the header, not after the whole story; on a wide screen it tops the right column. */}
      <div className="grid gap-8 lg:grid-cols-[1fr_22rem] lg:grid-rows-[auto_1fr]">
        <div className="min-w-0 space-y-6 lg:col-start-2 lg:row-start-1">
          {page.communityLoan ? (
            <CommunityLoanBox
              terms={page.communityLoan}
              goalCents={project.goalCents}
              initiatorName={project.initiator.displayName}
              projectTitle={project.title}
            />
          ) : null}
          <FundingBox
            project={project}
            now={now}
            viewer={viewer}
            standing={page.standing}
            live={live}
            matches={page.matches}
            monthly={page.monthly}
            needs={page.needs}
            wanted={page.wanted}
            dropped={page.dropped}
          />
        </div>
        <div className="min-w-0 space-y-8 lg:col-start-1 lg:row-span-2 lg:row-start-1">
          <ProjectStory project={project} />
          <ProjectUpdates
            updates={page.updates}
            canReport={viewer !== null && !viewer.isInitiator}
            editPath={
              viewer?.isInitiator || (viewer?.team?.status === "active" && viewer.team.role === "co_initiator")
                ? `/projects/${project.slug}/updates`
                : undefined
            }
          />
          {page.projectReview ? (
            <ProjectReviewBox
              panel={page.projectReview}
              initiatorName={project.initiator.displayName}
              errors={actionData && !actionData.ok && "intent" in actionData && actionData.intent === "review" ? actionData.errors : undefined}
            />
          ) : null}
          <ProjectComments
            comments={page.comments}
            viewer={viewer}
            errors={actionData && !actionData.ok && !("intent" in actionData && actionData.intent === "review") ? actionData.errors : undefined}
            busy={busy}
            closed={project.status === "cancelled"}
          />
          <ProjectQuestions slug={project.slug} section={page.questions} signedIn={viewer !== null} from="project" busy={busy} />
        </div>
        <aside className="min-w-0 space-y-6 lg:col-start-2 lg:row-start-2" aria-label={t("projects.page.sidebar")}>
          <TeamBox team={page.team} viewer={viewer} slug={project.slug} />
          <ProjectTiers project={project} viewer={viewer} standing={page.standing} live={live} />
          <ShiftsBox project={project} viewer={viewer} shifts={page.shifts} now={now} />
          <WantedBox project={project} viewer={viewer} wanted={page.wanted} myLendableItems={page.myLendableItems} />
          <ProjectBackers backers={page.backers} />
          <LentItemsBox project={project} viewer={viewer} lentItems={page.lentItems} myLendableItems={page.myLendableItems} live={live} />
          <LedgerBox project={project} ledger={page.ledger} />
          <AmbassadorThanks ambassadors={page.ambassadors} slug={project.slug} canShare={page.shareable && live} />
          {page.shareable ? <ShareBox project={project} og={page.og} /> : null}
        </aside>
      </div>
    </article>
  );
}
