import { barGeometry, DEFAULT_BOX } from "./bar-geometry";

/**
 * A bar chart drawn on the server as SVG (docs/decisions/073-neighbourhood-pages.md): an image with
 * a title and a description for screen readers, every bar labelled with its value and its category
 * in text (not colour alone), and its numbers repeated in a table with a caption beside it. No
 * script: it is the same picture without JavaScript.
 */
export function BarChart({
  id,
  title,
  description,
  categories,
  values,
  valueLabels,
  shortValueLabels,
  caption,
  categoryHeader,
  valueHeader,
}: {
  id: string;
  title: string;
  description: string;
  /** The category under each bar ("jan"), and in the table ("januari 2026"). */
  categories: { short: string; long: string }[];
  values: number[];
  /** Each value as the table writes it, and shorter above its bar. */
  valueLabels: string[];
  shortValueLabels: string[];
  caption: string;
  categoryHeader: string;
  valueHeader: string;
}) {
  const box = DEFAULT_BOX;
  const g = barGeometry(values, box);
  return (
    <figure className="space-y-3">
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${box.width} ${box.height}`}
        className="h-auto w-full max-w-xl text-stone-800"
        data-chart={id}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <line x1={box.left} x2={box.width - box.right} y1={g.baseline} y2={g.baseline} stroke="currentColor" strokeWidth="1" />
        {g.bars.map((b, i) => (
          <g key={i}>
            <rect x={b.x} y={b.y} width={b.width} height={b.height} className="fill-brand-700" data-value={values[i]} />
            {values[i]! > 0 ? (
              <text x={b.centre} y={b.y - 4} textAnchor="middle" fontSize="8" fill="currentColor">
                {shortValueLabels[i]}
              </text>
            ) : null}
            <text x={b.centre} y={g.baseline + 14} textAnchor="middle" fontSize="9" fill="currentColor">
              {categories[i]?.short}
            </text>
          </g>
        ))}
      </svg>
      <table className="w-full max-w-xl text-sm">
        <caption className="text-left text-stone-700">{caption}</caption>
        <thead>
          <tr className="border-b border-stone-300 text-left">
            <th scope="col" className="py-1 pr-4 font-semibold">
              {categoryHeader}
            </th>
            <th scope="col" className="py-1 text-right font-semibold">
              {valueHeader}
            </th>
          </tr>
        </thead>
        <tbody>
          {categories.map((c, i) => (
            <tr key={i} className="border-b border-stone-100">
              <th scope="row" className="py-1 pr-4 text-left font-normal">
                {c.long}
              </th>
              <td className="py-1 text-right tabular-nums">{valueLabels[i]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
