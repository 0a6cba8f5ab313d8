import { formatMoney } from "../../i18n/format";
import { useLocale, useT } from "../../i18n/use-t";
import { percentOf } from "../../utils/money";

/** Pledged against the goal: a bar plus the numbers in words (the bar alone says nothing to a screen reader). */
export function FundingProgress({
  pledgedCents,
  goalCents,
  collectedCents,
  showCollected = false,
  size = "md",
}: {
  pledgedCents: number;
  goalCents: number;
  collectedCents?: number;
  showCollected?: boolean;
  size?: "sm" | "md";
}) {
  const t = useT();
  const locale = useLocale();
  const percent = percentOf(pledgedCents, goalCents);
  const label = t("projects.progress.label", {
    pledged: formatMoney(pledgedCents, locale, { compact: true }),
    goal: formatMoney(goalCents, locale, { compact: true }),
    percent,
  });
  return (
    <div>
      <div
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(percent, 100)}
        aria-label={label}
        className={`w-full overflow-hidden rounded-full bg-stone-200 ${size === "sm" ? "h-2" : "h-3"}`}
      >
        <div className={`h-full rounded-full ${percent >= 100 ? "bg-brand-700" : "bg-brand-500"}`} style={{ width: `${Math.min(percent, 100)}%` }} />
      </div>
      <p className={`mt-2 ${size === "sm" ? "text-sm" : "text-base"} text-stone-800`}>
        <strong className="text-stone-950">{formatMoney(pledgedCents, locale, { compact: true })}</strong>{" "}
        {t("projects.progress.pledgedOf", { goal: formatMoney(goalCents, locale, { compact: true }) })} · {t("projects.progress.percent", { percent })}
      </p>
      {showCollected && collectedCents !== undefined ? (
        <p className="text-sm text-stone-700">{t("projects.progress.collected", { collected: formatMoney(collectedCents, locale, { compact: true }) })}</p>
      ) : null}
    </div>
  );
}
