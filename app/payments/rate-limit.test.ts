import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limit";

/** A clock that only moves when someone sleeps: the limiter's waits are the only passing time. */
function fakeTime() {
  let t = 1_000;
  const waits: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      waits.push(ms);
      t += ms;
    },
    advance: (ms: number) => {
      t += ms;
    },
    waits,
  };
}

describe("the gateway rate limiter", () => {
  it("spaces requests 1/rate apart: 90 per second is one every 11.1 ms, and 900 take 10 s", async () => {
    const time = fakeTime();
    const limiter = createRateLimiter({ perSecond: 90, now: time.now, sleep: time.sleep });
    const at: number[] = [];
    for (let i = 0; i < 900; i++) {
      await limiter.take();
      at.push(time.now());
    }
    expect(at[1]! - at[0]!).toBeCloseTo(1000 / 90, 6);
    expect(at[899]! - at[0]!).toBeCloseTo((899 * 1000) / 90, 3);
    // Never more than 90 in any one second.
    for (let i = 90; i < at.length; i++) expect(at[i]! - at[i - 90]!).toBeGreaterThanOrEqual(1000 - 1e-6);
  });

  it("callers at the same time share the slots: four in flight still make 90 per second together", async () => {
    const time = fakeTime();
    const waits: number[] = [];
    // Time stands still while the four ask: each is told how long to wait for its own slot.
    const limiter = createRateLimiter({ perSecond: 90, now: time.now, sleep: async (ms) => void waits.push(ms) });
    await Promise.all([limiter.take(), limiter.take(), limiter.take(), limiter.take()]);
    expect(waits.map((w) => Math.round(w * 10) / 10)).toEqual([11.1, 22.2, 33.3]);
  });

  it("after a quiet while a request goes at once; a burst allows that many at once, then the rate", async () => {
    const time = fakeTime();
    const limiter = createRateLimiter({ perSecond: 10, burst: 3, now: time.now, sleep: time.sleep });
    await limiter.take();
    time.advance(5_000);
    for (let i = 0; i < 3; i++) await limiter.take();
    expect(time.waits).toEqual([]);
    await limiter.take();
    expect(time.waits).toEqual([100]);
  });

  it("backOff after a 429 holds every next request until the pause is over", async () => {
    const time = fakeTime();
    const limiter = createRateLimiter({ perSecond: 100, now: time.now, sleep: time.sleep });
    await limiter.take();
    limiter.backOff(500);
    const before = time.now();
    await limiter.take();
    expect(time.now() - before).toBe(500);
    await limiter.take();
    expect(time.now() - before).toBe(510);
  });

  it("refuses a rate of zero", () => {
    expect(() => createRateLimiter({ perSecond: 0 })).toThrow(/above 0/);
  });
});
