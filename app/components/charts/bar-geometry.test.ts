import { describe, expect, it } from "vitest";
import { barGeometry, type ChartBox, niceMax } from "./bar-geometry";

const box: ChartBox = { width: 120, height: 100, top: 10, bottom: 10, left: 10, right: 10, gap: 0.5 };

describe("niceMax", () => {
  it.each([
    [0, 1],
    [-3, 1],
    [Number.NaN, 1],
    [0.3, 0.5],
    [1, 1],
    [1.2, 2],
    [3, 5],
    [7, 10],
    [10, 10],
    [11, 20],
    [250, 500],
    [999, 1000],
    [123_456, 200_000],
  ])("%s → %s", (value, nice) => {
    expect(niceMax(value)).toBe(nice);
  });
});

describe("barGeometry", () => {
  it.each([
    {
      name: "one full and one half bar",
      values: [10, 5],
      max: 10,
      // plot 100 wide (two slots of 50, bars 25 wide, centred), 80 high, zero line at y = 90
      bars: [
        { x: 22.5, y: 10, width: 25, height: 80, centre: 35 },
        { x: 72.5, y: 50, width: 25, height: 40, centre: 85 },
      ],
    },
    {
      name: "nothing happened: bars of height 0 on the zero line",
      values: [0, 0],
      max: 1,
      bars: [
        { x: 22.5, y: 90, width: 25, height: 0, centre: 35 },
        { x: 72.5, y: 90, width: 25, height: 0, centre: 85 },
      ],
    },
    {
      name: "a maximum of 3 scales to 5",
      values: [3, 0],
      max: 5,
      bars: [
        { x: 22.5, y: 42, width: 25, height: 48, centre: 35 },
        { x: 72.5, y: 90, width: 25, height: 0, centre: 85 },
      ],
    },
    {
      name: "a negative or broken value draws nothing",
      values: [-4, Number.NaN],
      max: 1,
      bars: [
        { x: 22.5, y: 90, width: 25, height: 0, centre: 35 },
        { x: 72.5, y: 90, width: 25, height: 0, centre: 85 },
      ],
    },
  ])("$name", ({ values, max, bars }) => {
    const g = barGeometry(values, box);
    expect(g.max).toBe(max);
    expect(g.baseline).toBe(90);
    expect(g.bars).toEqual(bars);
  });

  it("keeps every bar inside the box, for twelve months of any size", () => {
    const values = [0, 1, 5, 12, 99, 1000, 7, 3, 250, 0, 42, 999];
    for (const b of barGeometry(values).bars) {
      expect(b.x).toBeGreaterThanOrEqual(8);
      expect(b.x + b.width).toBeLessThanOrEqual(352);
      expect(b.y).toBeGreaterThanOrEqual(20);
      expect(b.y + b.height).toBeCloseTo(172, 1);
    }
  });
});
