import { formatMoney } from "../../i18n/format";
import { useLocale, useT } from "../../i18n/use-t";
import { percentOf } from "../../utils/money";

/** Pledged against the goal: a bar plus the numbers in words (the bar alone says nothing to a screen reader). */
export function FundingProgress({
  pledgedCents,
  goalCents,
  collectedCents,
  matchedCents = 0,
  showCollected = false,
  size = "md",
}: {
  pledgedCents: number;
  /** Matching pools' commitment: counts toward the goal, drawn after the crowd's part (docs/decisions/056). */
  matchedCents?: number;
  goalCents: number;
  collectedCents?: number;
  showCollected?: boolean;
  size?: "sm" | "md";
}) {
  const t = useT();
  const locale = useLocale();
  const percent = percentOf(pledgedCents + matchedCents, goalCents);
  const crowdPercent = Math.min(percentOf(pledgedCents, goalCents), 100);
  const label = t("projects.progress.label", {
    pledged: formatMoney(pledgedCents + matchedCents, locale, { compact: true }),
    goal: formatMoney(goalCents, locale, { compact: true }),
    percent,
  });
  return (
    <div>
      {/* An SVG bar: its width is an attribute, not an inline style (the CSP allows no inline styles). */}
      <svg
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(percent, 100)}
        aria-label={label}
        className={`block w-full overflow-hidden rounded-full bg-stone-200 ${size === "sm" ? "h-2" : "h-3"}`}
        preserveAspectRatio="none"
        focusable="false"
      >
        <rect
          x="0"
          y="0"
          height="100%"
          width={`${Math.min(percent, 100)}%`}
          rx="6"
          className={matchedCents > 0 ? "fill-amber-500" : percent >= 100 ? "fill-brand-700" : "fill-brand-500"}
        />
        {matchedCents > 0 ? (
          <rect x="0" y="0" height="100%" width={`${crowdPercent}%`} rx="6" className={percent >= 100 ? "fill-brand-700" : "fill-brand-500"} />
        ) : null}
      </svg>
      <p className={`mt-2 ${size === "sm" ? "text-sm" : "text-base"} text-stone-800`}>
        <strong className="text-stone-950">{formatMoney(pledgedCents + matchedCents, locale, { compact: true })}</strong>{" "}
        {t("projects.progress.pledgedOf", { goal: formatMoney(goalCents, locale, { compact: true }) })} · {t("projects.progress.percent", { percent })}
      </p>
      {showCollected && collectedCents !== undefined ? (
        <p className="text-sm text-stone-700">{t("projects.progress.collected", { collected: formatMoney(collectedCents, locale, { compact: true }) })}</p>
      ) : null}
    </div>
  );
}
