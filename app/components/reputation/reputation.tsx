import { Link } from "@remix-run/react";
import { formatDate, formatNumber } from "../../i18n/format";
import type { MessageKey } from "../../i18n/i18n";
import { useLocale, useT } from "../../i18n/use-t";
import type { ReputationView } from "../../reputation/views";

/** Reputation's presentational parts: the level badge (with how to reach the next), the record, reviews. */

const levelKey = (level: number) => `reputation.level.${level}` as MessageKey;

export function TrustBadge({ level }: { level: number }) {
  const t = useT();
  const tone = ["bg-stone-100 text-stone-800", "bg-sky-100 text-sky-900", "bg-emerald-100 text-emerald-900", "bg-amber-100 text-amber-900"][level] ?? "";
  return (
    <span className={`inline-flex items-center rounded-full px-3 py-1 text-sm font-semibold ${tone}`} data-testid="trust-badge">
      {t("reputation.badge", { level, name: t(levelKey(level)) })}
    </span>
  );
}

/** The badge with what this level unlocks and what the next one still needs. */
export function TrustLevelExplained({ reputation }: { reputation: ReputationView }) {
  const t = useT();
  return (
    <div className="space-y-2">
      <TrustBadge level={reputation.trustLevel} />
      <p className="text-sm text-stone-700">{t(`reputation.unlocks.${reputation.trustLevel}` as MessageKey)}</p>
      {reputation.next ? (
        <details className="text-sm">
          <summary className="cursor-pointer font-medium text-brand-800">
            {t("reputation.next.title", { level: reputation.next.level, name: t(levelKey(reputation.next.level)) })}
          </summary>
          <ul className="mt-2 space-y-1">
            {reputation.next.requirements.map((r) => (
              <li key={r.key}>
                <span aria-hidden="true">{r.met ? "✓ " : "○ "}</span>
                {t(`reputation.req.${r.key}` as MessageKey, r.params)}{" "}
                <span className="sr-only">({r.met ? t("reputation.req.met") : t("reputation.req.open")})</span>
              </li>
            ))}
          </ul>
          <p className="mt-2 text-stone-600">{t("reputation.badge.explain")}</p>
        </details>
      ) : (
        <p className="text-sm text-stone-700">{t("reputation.next.top")}</p>
      )}
    </div>
  );
}

export function RatingLine({ rating }: { rating: { value: number | null; count: number } }) {
  const t = useT();
  const locale = useLocale();
  if (rating.value === null || rating.count === 0) return <span>{t("reputation.rating.none")}</span>;
  return <span title={t("reputation.rating.explain")}>{t("reputation.rating", { rating: formatNumber(rating.value, locale), count: rating.count })}</span>;
}

/** The four sides of a record, each with its figures (counts next to every rate). */
export function TrackRecordList({ reputation, compact = false }: { reputation: ReputationView; compact?: boolean }) {
  const t = useT();
  const { lender, borrower, backer, initiator, rating } = reputation.figures;
  const heading = compact ? "text-sm font-semibold" : "font-semibold";
  return (
    <div className="grid gap-4 sm:grid-cols-2" data-testid="track-record">
      <div>
        <h3 className={heading}>{t("reputation.record.lender")}</h3>
        <ul className="text-sm">
          <li>{t("reputation.lender.completed", { count: lender.completed })}</li>
          {lender.acceptancePercent !== null ? (
            <li>{t("reputation.lender.acceptance", { percent: lender.acceptancePercent, count: lender.requestsAnswered })}</li>
          ) : null}
          {lender.medianResponseHours !== null ? (
            <li>{t("reputation.lender.response", { hours: Math.max(1, Math.ceil(lender.medianResponseHours)) })}</li>
          ) : null}
        </ul>
      </div>
      <div>
        <h3 className={heading}>{t("reputation.record.borrower")}</h3>
        <ul className="text-sm">
          <li>{t("reputation.borrower.completed", { count: borrower.completed })}</li>
          {borrower.onTimePercent !== null ? (
            <li>{t("reputation.borrower.onTime", { percent: borrower.onTimePercent, onTime: borrower.onTime, count: borrower.completed })}</li>
          ) : null}
          <li>{t("reputation.borrower.claims", { count: borrower.claimsUpheld })}</li>
        </ul>
      </div>
      {backer.charged + backer.dropped > 0 ? (
        <div>
          <h3 className={heading}>{t("reputation.record.backer")}</h3>
          <p className="text-sm">{t("reputation.backer.pledges", { charged: backer.charged, dropped: backer.dropped })}</p>
        </div>
      ) : null}
      {initiator.succeeded > 0 ? (
        <div>
          <h3 className={heading}>{t("reputation.record.initiator")}</h3>
          <p className="text-sm">{t("reputation.initiator.projects", { ...initiator })}</p>
        </div>
      ) : null}
      <p className="text-sm sm:col-span-2">
        <RatingLine rating={rating} />
      </p>
    </div>
  );
}

export interface ReviewItem {
  id: string;
  stars: number;
  body: string;
  answer: boolean;
  question: "asDescribed" | "returnedWell" | "asPromised";
  reviewer: { handle: string; displayName: string };
  evidence: { kind: "item"; id: string; title: string } | { kind: "project"; slug: string; title: string };
  reply: string | null;
  at: string | Date;
  /** A moderator hid it (only its author is sent a hidden review): the reason. */
  hiddenReason?: string | null;
}

/** "Melden" next to a published review; its accessible name says whose review. */
export function ReportReviewLink({ reviewId, reviewerName }: { reviewId: string; reviewerName: string }) {
  const t = useT();
  return (
    <Link to={`/report?kind=review&id=${reviewId}`}>
      {t("moderation.report.link")}
      <span className="sr-only"> {t("moderation.report.reviewBy", { name: reviewerName })}</span>
    </Link>
  );
}

export function Stars({ count }: { count: number }) {
  const t = useT();
  return (
    <span className="text-amber-700" aria-label={t("reputation.review.stars", { count })} role="img">
      {"★".repeat(count)}
      <span className="text-stone-300">{"★".repeat(5 - count)}</span>
    </span>
  );
}

/**
 * Published reviews. `viewerHandle`: the signed-in viewer, who may report a review they did not write
 * (docs/moderation.md); their own hidden review is shown to them with the moderator's reason.
 */
export function ReviewList({ reviews, revieweeName, viewerHandle = null }: { reviews: ReviewItem[]; revieweeName: string; viewerHandle?: string | null }) {
  const t = useT();
  const locale = useLocale();
  if (reviews.length === 0) return <p className="text-stone-700">{t("reputation.reviews.none")}</p>;
  return (
    <ul className="space-y-4" data-testid="review-list">
      {reviews.map((r) => (
        <li key={r.id} id={`review-${r.id}`} className="border-b border-stone-200 pb-3 last:border-0">
          {r.hiddenReason ? (
            <p className="mb-2 rounded bg-amber-50 p-2 text-sm font-medium text-amber-900" role="note">
              {t("moderation.hidden.reviewMine", { reason: r.hiddenReason })}
            </p>
          ) : null}
          <p className="flex flex-wrap items-center gap-2">
            <Stars count={r.stars} />
            <span className="text-sm text-stone-700">
              {t("reputation.review.by", { name: r.reviewer.displayName })} · {formatDate(r.at, locale)} ·{" "}
              {r.evidence.kind === "item" ? (
                <Link to={`/items/${r.evidence.id}`}>{t("reputation.review.aboutItem", { title: r.evidence.title })}</Link>
              ) : (
                <Link to={`/projects/${r.evidence.slug}`}>{t("reputation.review.aboutProject", { title: r.evidence.title })}</Link>
              )}
            </span>
          </p>
          {r.body ? <p className="mt-1 whitespace-pre-line">{r.body}</p> : null}
          <p className="mt-1 text-sm text-stone-700">
            {t(`reputation.question.${r.question}`)} <strong>{r.answer ? t("reputation.answer.yes") : t("reputation.answer.no")}</strong>
          </p>
          {r.reply ? (
            <blockquote className="mt-2 border-l-4 border-stone-300 pl-3 text-sm">
              <p className="font-medium">{t("reputation.review.reply", { name: revieweeName })}</p>
              <p className="whitespace-pre-line">{r.reply}</p>
            </blockquote>
          ) : null}
          {viewerHandle && viewerHandle !== r.reviewer.handle && !r.hiddenReason ? (
            <p className="mt-1 text-sm">
              <ReportReviewLink reviewId={r.id} reviewerName={r.reviewer.displayName} />
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
