import { Form, Link, useNavigation } from "@remix-run/react";
import type { FieldErrors } from "../../forms/forms";
import { formatDate } from "../../i18n/format";
import { useLocale, useT } from "../../i18n/use-t";
import type { ReputationView } from "../../reputation/views";
import { FieldShell, FormErrorSummary, TextArea } from "../ui/field";
import { ReportReviewLink, type ReviewItem, ReviewList, Stars, TrackRecordList, TrustLevelExplained } from "./reputation";

/** The loan page's reviews: the form (double-blind), my review, theirs once published, the one reply. */
export interface ReviewPanelView {
  mySide: "owner" | "borrower";
  question: "asDescribed" | "returnedWell";
  windowEndsAt: string | Date | null;
  canReview: boolean;
  mine: PanelReviewView | null;
  theirs: PanelReviewView | null;
  theirsWaiting: boolean;
  published: boolean;
}
interface PanelReviewView {
  id: string;
  stars: number;
  body: string;
  answer: boolean;
  question: "asDescribed" | "returnedWell" | "asPromised";
  reply: string | null;
  canReply: boolean;
  hiddenReason: string | null;
}

export function ReviewPanel({
  panel,
  otherName,
  errorsFor,
}: {
  panel: ReviewPanelView;
  otherName: string;
  errorsFor: (intent: string) => FieldErrors | undefined;
}) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state !== "idle";
  const until = panel.windowEndsAt ? formatDate(panel.windowEndsAt, locale) : "";
  const reviewErrors = errorsFor("review");
  const replyErrors = errorsFor("reply");
  return (
    <section id="reviews" aria-labelledby="reviews-heading" className="card p-5">
      <h2 id="reviews-heading" className="mb-3 text-lg font-semibold">
        {t("reputation.panel.title")}
      </h2>
      {!panel.windowEndsAt ? <p className="text-stone-700">{t("reputation.panel.notYet")}</p> : null}
      {panel.theirsWaiting ? <p className="mb-3 font-medium">{t("reputation.panel.theirsWaiting", { name: otherName })}</p> : null}
      {panel.mine && !panel.published ? <p className="mb-3 text-stone-800">{t("reputation.panel.hiddenMine", { name: otherName, date: until })}</p> : null}
      {panel.canReview ? (
        <Form method="post" className="space-y-3" noValidate>
          <input type="hidden" name="intent" value="review" />
          {!panel.mine ? <p className="text-sm text-stone-700">{t("reputation.panel.intro", { name: otherName, date: until })}</p> : null}
          <FormErrorSummary errors={reviewErrors} />
          <FieldShell label={t("reputation.field.stars")} error={reviewErrors?.stars}>
            {({ inputId, describedBy, invalid }) => (
              <select
                id={inputId}
                name="stars"
                className="input"
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
                defaultValue={panel.mine?.stars ?? 5}
              >
                {[5, 4, 3, 2, 1].map((n) => (
                  <option key={n} value={n}>
                    {t("reputation.review.stars", { count: n })}
                  </option>
                ))}
              </select>
            )}
          </FieldShell>
          <fieldset>
            <legend className="text-sm font-medium text-stone-800">{t(`reputation.question.${panel.question}`)}</legend>
            <div className="mt-1 flex gap-4">
              {(["yes", "no"] as const).map((v) => (
                <label key={v} className="flex items-center gap-2">
                  <input type="radio" name="answer" value={v} defaultChecked={panel.mine ? panel.mine.answer === (v === "yes") : v === "yes"} />
                  {t(v === "yes" ? "reputation.answer.yes" : "reputation.answer.no")}
                </label>
              ))}
            </div>
            {reviewErrors?.answer ? (
              <p className="text-sm font-medium text-red-700" role="alert">
                {t(reviewErrors.answer)}
              </p>
            ) : null}
          </fieldset>
          <TextArea label={t("reputation.field.body")} name="body" rows={3} maxLength={2000} defaultValue={panel.mine?.body ?? ""} error={reviewErrors?.body} />
          <button type="submit" className="btn-primary" disabled={busy}>
            {panel.mine ? t("reputation.update") : t("reputation.submit")}
          </button>
        </Form>
      ) : panel.windowEndsAt && !panel.mine ? (
        <p className="text-stone-700">{t("reputation.panel.closed")}</p>
      ) : null}

      {panel.mine && (panel.published || !panel.canReview) ? (
        <div className="mt-4">
          <h3 className="font-semibold">{t("reputation.panel.mine")}</h3>
          {panel.mine.hiddenReason ? (
            <p className="my-2 rounded bg-amber-50 p-2 text-sm font-medium text-amber-900" role="note">
              {t("moderation.hidden.reviewMine", { reason: panel.mine.hiddenReason })}
            </p>
          ) : null}
          <p>
            <Stars count={panel.mine.stars} />
          </p>
          {panel.mine.body ? <p className="whitespace-pre-line">{panel.mine.body}</p> : null}
          {panel.mine.reply ? (
            <p className="mt-1 text-sm">
              {t("reputation.review.reply", { name: otherName })}: {panel.mine.reply}
            </p>
          ) : null}
        </div>
      ) : null}

      {panel.theirs ? (
        <div className="mt-4" data-testid="their-review">
          <h3 className="font-semibold">{t("reputation.panel.theirs", { name: otherName })}</h3>
          <p>
            <Stars count={panel.theirs.stars} />
          </p>
          {panel.theirs.body ? <p className="whitespace-pre-line">{panel.theirs.body}</p> : null}
          <p className="text-sm text-stone-700">
            {t(`reputation.question.${panel.theirs.question}`)} <strong>{panel.theirs.answer ? t("reputation.answer.yes") : t("reputation.answer.no")}</strong>
          </p>
          {panel.theirs.reply ? <p className="mt-1 text-sm">{panel.theirs.reply}</p> : null}
          <p className="mt-1 text-sm">
            <ReportReviewLink reviewId={panel.theirs.id} reviewerName={otherName} />
          </p>
          {panel.theirs.canReply ? (
            <Form method="post" className="mt-3 space-y-2" noValidate>
              <input type="hidden" name="intent" value="reply" />
              <input type="hidden" name="reviewId" value={panel.theirs.id} />
              <TextArea label={t("reputation.field.reply")} name="text" rows={2} maxLength={500} error={replyErrors?.text} />
              <button type="submit" className="btn-secondary" disabled={busy}>
                {t("reputation.replySubmit")}
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/** On a request, the owner sees who is asking: level, record and latest reviews, with a link to the profile. */
export function RequesterRecord({
  name,
  handle,
  reputation,
  reviews,
  viewerHandle,
}: {
  name: string;
  handle: string;
  reputation: ReputationView;
  reviews: ReviewItem[];
  viewerHandle: string | null;
}) {
  const t = useT();
  return (
    <section aria-labelledby="requester-heading" className="card p-5" data-testid="requester-record">
      <h2 id="requester-heading" className="mb-2 text-lg font-semibold">
        {t("reputation.requester.title")}
      </h2>
      <p className="mb-3 flex flex-wrap items-center gap-3">
        <Link to={`/u/${handle}`}>{t("reputation.profileLink", { name })}</Link>
      </p>
      <div className="mb-3">
        <TrustLevelExplained reputation={reputation} />
      </div>
      <TrackRecordList reputation={reputation} compact />
      {reviews.length > 0 ? (
        <div className="mt-4">
          <ReviewList reviews={reviews} revieweeName={name} viewerHandle={viewerHandle} />
        </div>
      ) : null}
    </section>
  );
}
