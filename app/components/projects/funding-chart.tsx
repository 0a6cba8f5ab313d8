import { formatMoney, formatShortDate } from "../../i18n/format";
import { useLocale, useT } from "../../i18n/use-t";

/**
 * The pledged total over time as a server-rendered SVG (no client script): a step line from
 * launch to the deadline (or now), with the goal as a dashed line. A table with the same numbers
 * follows for screen readers and anyone who prefers figures.
 */
export function FundingChart({
  points,
  goalCents,
  start,
  end,
}: {
  points: { at: Date | string; pledgedCents: number }[];
  goalCents: number;
  start: Date | string;
  end: Date | string;
}) {
  const t = useT();
  const locale = useLocale();
  const width = 640;
  const height = 240;
  const pad = { left: 64, right: 16, top: 16, bottom: 32 };
  const t0 = new Date(start).getTime();
  const t1 = Math.max(new Date(end).getTime(), t0 + 1);
  const maxY = Math.max(goalCents, ...points.map((p) => p.pledgedCents), 1);
  const x = (at: number) => pad.left + ((Math.min(Math.max(at, t0), t1) - t0) / (t1 - t0)) * (width - pad.left - pad.right);
  const y = (cents: number) => height - pad.bottom - (cents / maxY) * (height - pad.top - pad.bottom);
  let path = `M ${x(t0)} ${y(0)}`;
  let last = 0;
  for (const p of points) {
    const px = x(new Date(p.at).getTime());
    path += ` L ${px} ${y(last)} L ${px} ${y(p.pledgedCents)}`;
    last = p.pledgedCents;
  }
  path += ` L ${x(t1)} ${y(last)}`;
  const summary = t("projects.chart.summary", {
    total: formatMoney(last, locale, { compact: true }),
    goal: formatMoney(goalCents, locale, { compact: true }),
    changes: points.length,
  });
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary} className="h-auto w-full max-w-2xl">
        <rect x={pad.left} y={pad.top} width={width - pad.left - pad.right} height={height - pad.top - pad.bottom} fill="#fafaf9" />
        <line x1={pad.left} x2={width - pad.right} y1={y(goalCents)} y2={y(goalCents)} stroke="#c85f1a" strokeDasharray="6 4" strokeWidth={1.5} />
        <text x={pad.left + 4} y={y(goalCents) - 4} fontSize={11} fill="#9a3412">
          {t("projects.chart.goal", { goal: formatMoney(goalCents, locale, { compact: true }) })}
        </text>
        <path d={path} fill="none" stroke="#0f663c" strokeWidth={2.5} />
        <text x={pad.left - 6} y={y(0)} fontSize={11} textAnchor="end" fill="#44403c">
          {formatMoney(0, locale, { compact: true })}
        </text>
        <text x={pad.left - 6} y={y(maxY) + 10} fontSize={11} textAnchor="end" fill="#44403c">
          {formatMoney(maxY, locale, { compact: true })}
        </text>
        <text x={pad.left} y={height - 10} fontSize={11} fill="#44403c">
          {formatShortDate(new Date(t0), locale)}
        </text>
        <text x={width - pad.right} y={height - 10} fontSize={11} textAnchor="end" fill="#44403c">
          {formatShortDate(new Date(t1), locale)}
        </text>
      </svg>
      <figcaption className="mt-2 text-sm text-stone-700">{summary}</figcaption>
    </figure>
  );
}
