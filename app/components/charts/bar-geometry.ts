/**
 * The geometry of a bar chart, pure so it is tested as a table (bar-geometry.test.ts): where each
 * bar stands in a `width × height` box with room for labels, scaled to a "nice" maximum (1, 2 or 5
 * times a power of ten), so the axis reads well and a bar never leaves the box.
 */
export interface ChartBox {
  width: number;
  height: number;
  /** Room above the bars (their value labels) and below them (the category labels). */
  top: number;
  bottom: number;
  left: number;
  right: number;
  /** The space between two bars, as a share of one slot (0–1). */
  gap: number;
}

export const DEFAULT_BOX: ChartBox = { width: 360, height: 200, top: 20, bottom: 28, left: 8, right: 8, gap: 0.25 };

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  /** The middle of the bar's slot: where its labels go. */
  centre: number;
}

export interface BarGeometry {
  bars: Bar[];
  /** The value the plot's top stands for. */
  max: number;
  /** The y of the zero line. */
  baseline: number;
}

/** The smallest 1, 2 or 5 × 10^k at least `value` (1 for nothing or less). */
export function niceMax(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value - 1e-9) return step * power;
  return 10 * power;
}

const round = (n: number) => Math.round(n * 100) / 100;

export function barGeometry(values: readonly number[], box: ChartBox = DEFAULT_BOX): BarGeometry {
  const plotWidth = box.width - box.left - box.right;
  const plotHeight = box.height - box.top - box.bottom;
  const baseline = box.top + plotHeight;
  // Negative values are not drawn below the line: the figures here never go below zero.
  const clean = values.map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
  const max = niceMax(Math.max(0, ...clean));
  const slot = values.length > 0 ? plotWidth / values.length : 0;
  const barWidth = slot * (1 - box.gap);
  const bars = clean.map((v, i) => {
    const h = (v / max) * plotHeight;
    const x = box.left + i * slot + (slot - barWidth) / 2;
    return { x: round(x), y: round(baseline - h), width: round(barWidth), height: round(h), centre: round(box.left + i * slot + slot / 2) };
  });
  return { bars, max, baseline: round(baseline) };
}
