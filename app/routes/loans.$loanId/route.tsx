import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { getProjectName } from "../../projects/projects.server";
import { useActionData, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import type { RootLoaderData } from "../../root";
import { requireUser } from "../../auth/guards.server";
import { hasRole } from "../../auth/user";
import { LoanTimeline } from "../../components/lending/loan-timeline";
import { getTranslator } from "../../http/locale.server";
import { useT } from "../../i18n/use-t";
import { lendingErrorKey } from "../../lending/errors";
import { loanActionSchema } from "../../lending/lending-schema";
import { performLoanAction } from "../../lending/loan-actions.server";
import { getLoanPage } from "../../lending/pages.server";
import { redirectWithFlash } from "../../http/flash.server";
import { limitReached, tooMany } from "../../http/limits.server";
import { nudgeDelivery } from "../../notifications/delivery.server";
import { type FieldErrors, parseIntentForm } from "../../forms/forms";
import { ClaimSection, DepositSection, LoanActions, LoanHeader, LoanMessages, LoanPhotos, LoanSummary } from "./sections";
import { filesFrom, parseMultipartForm } from "../../http/uploads.server";
import { RequesterRecord, ReviewPanel } from "../../components/reputation/review-panel";
import { getLoanPartiesReputation } from "../../reputation/profile.server";
import { isReviewIntent, ReviewActionSchema } from "../../reputation/review-schema";
import { getLoanReviewPanel, performReviewAction } from "../../reputation/reviews.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const page = await getLoanPage(
    context.services.db,
    params.loanId ?? "",
    { id: user.id, neighbourhoodId: user.neighbourhoodId, isModerator: hasRole(user, "moderator") },
    context.services.clock.now(),
  );
  if (!page) throw new Response("Not found", { status: 404 });
  const { t } = await getTranslator(context, request);
  const now = context.services.clock.now();
  const loanId = params.loanId ?? "";
  // Reputation (issue 12): the parties' reviews of each other, and who is asking for the owner deciding.
  const isParty = page.viewer === "owner" || page.viewer === "borrower";
  // A loan to a project names the project (issue 13 §14).
  const [reviews, parties, project] = await Promise.all([
    isParty && !page.projectId ? getLoanReviewPanel(context.services.db, loanId, user.id, now) : Promise.resolve(null),
    isParty ? getLoanPartiesReputation(context.services.db, loanId, now) : Promise.resolve(null),
    page.projectId ? getProjectName(context.services.db, page.projectId) : Promise.resolve(null),
  ]);
  const requester =
    page.viewer === "owner" && page.loan.state === "requested" && parties?.borrower ? { reputation: parties.borrower, reviews: parties.borrowerReviews } : null;
  return { title: `${t("lending.loan.title", { item: page.item.title })} · ${t("app.name")}`, page, reviews, requester, project };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const parsed = await parseMultipartForm(request);
  if (!parsed.ok) return data({ ok: false as const, intent: "", errors: { photos: parsed.error } as FieldErrors }, { status: 400 });
  const { locale } = await getTranslator(context, request);
  const loanId = params.loanId ?? "";
  if (isReviewIntent(parsed.formData.get("intent"))) {
    // Reviews of the other party (app/reputation): their own schema and writer.
    const review = parseIntentForm(ReviewActionSchema, parsed.formData);
    if (!review.ok) return data({ ok: false as const, intent: review.intent, errors: review.errors }, { status: 400 });
    const reviewed = await performReviewAction(context.services.db, { loanId, userId: user.id, action: review.data, now: context.services.clock.now() });
    if (!reviewed.ok) {
      if (reviewed.error === "NotFound") throw new Response("Not found", { status: 404 });
      return data(
        { ok: false as const, intent: review.intent, errors: { [reviewed.field]: `reputation.error.${reviewed.error}` } as FieldErrors },
        { status: 400 },
      );
    }
    await nudgeDelivery(context.services);
    return redirectWithFlash(context, request, `/loans/${loanId}#reviews`, {
      kind: "success",
      key: review.data.intent === "review" ? "reputation.flash.reviewed" : "reputation.flash.replied",
    });
  }
  const form = parseIntentForm(loanActionSchema(locale), parsed.formData);
  const { intent } = form;
  if (!form.ok) return data({ ok: false as const, intent, errors: form.errors }, { status: 400 });
  const photos = await filesFrom(parsed.formData, "photos");
  const limited =
    (form.data.intent === "message" ? await limitReached(context, "message.user", user.id) : null) ??
    (await limitReached(context, "upload.user", user.id, photos.length));
  if (limited) return tooMany(limited, { intent });
  const result = await performLoanAction(context.services, {
    loanId,
    user: { id: user.id, email: user.email, displayName: user.displayName, isModerator: hasRole(user, "moderator") },
    locale,
    action: form.data,
    photos,
    now: context.services.clock.now(),
  });
  if (!result.ok) {
    if (result.error === "NotFound") throw new Response("Not found", { status: 404 });
    return data({ ok: false as const, intent, errors: { [result.field]: lendingErrorKey(result.error) } as FieldErrors }, { status: 400 });
  }
  await nudgeDelivery(context.services);
  if (result.redirectTo) return redirect(result.redirectTo);
  return redirectWithFlash(context, request, `/loans/${loanId}`, {
    kind: "success",
    key: form.data.intent === "message" ? "lending.message.sent" : "lending.action.done",
  });
}

export default function LoanPageRoute() {
  const { page, reviews, requester, project } = useLoaderData<typeof loader>();
  const viewerHandle = useRouteLoaderData<RootLoaderData>("root")?.user?.handle ?? null;
  const actionData = useActionData<typeof action>();
  const t = useT();
  const errorsFor = (intent: string) =>
    actionData && !actionData.ok && (actionData.intent === intent || actionData.intent === "") ? actionData.errors : undefined;
  return (
    <div className="space-y-8">
      <LoanHeader page={page} />
      <div className="grid gap-8 lg:grid-cols-[1fr_1fr]">
        <div className="space-y-6">
          <LoanSummary page={page} project={project} />
          {requester ? (
            <RequesterRecord
              name={page.borrower.displayName}
              handle={page.borrower.handle}
              reputation={requester.reputation}
              reviews={requester.reviews}
              viewerHandle={viewerHandle}
            />
          ) : null}
          <DepositSection page={page} errors={errorsFor("start_deposit")} />
          <ClaimSection page={page} />
          <LoanPhotos page={page} />
          <section aria-labelledby="actions-heading" className="card p-5">
            <h2 id="actions-heading" className="mb-3 text-lg font-semibold">
              {t("lending.loan.actions")}
            </h2>
            <LoanActions page={page} errorsFor={errorsFor} />
          </section>
        </div>

        <div className="space-y-6">
          <section aria-labelledby="timeline-heading" className="card p-5">
            <h2 id="timeline-heading" className="mb-4 text-lg font-semibold">
              {t("lending.loan.timeline")}
            </h2>
            <LoanTimeline entries={page.timeline} />
          </section>
          {reviews ? (
            <ReviewPanel panel={reviews} otherName={page.viewer === "owner" ? page.borrower.displayName : page.owner.displayName} errorsFor={errorsFor} />
          ) : null}
          <LoanMessages page={page} errors={errorsFor("message")} />
        </div>
      </div>
    </div>
  );
}
