import { describe, expect, it } from "vitest";
import { createClock } from "./clock.server";

describe("clock", () => {
  it("cannot be moved in production", () => {
    const clock = createClock({ adjustable: false });
    expect(() => clock.advance(1000)).toThrow(/cannot be moved/);
  });
  it("moves forward only when adjustable", () => {
    const clock = createClock({ adjustable: true, start: () => 0 });
    expect(clock.advance(5000).getTime()).toBe(5000);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(clock.now().getTime()).toBe(5000);
  });
});
