/**
 * The one source of "now" for business rules (deadlines, expiry, reminders). Pure code takes `now`
 * as an argument; services and jobs get it from here. Production time cannot be moved: only when
 * BUURTKRACHT_TEST_HOOKS is on may a test shift it forward (docs/decisions/005-i18n-and-test-clock.md).
 */
export interface Clock {
  now(): Date;
}

export interface TestClock extends Clock {
  readonly adjustable: boolean;
  /** Moves time forward by `ms` (only when adjustable). Returns the new now. */
  advance(ms: number): Date;
  offsetMs(): number;
}

export function createClock(options: { adjustable: boolean; start?: () => number } = { adjustable: false }): TestClock {
  let offset = 0;
  const base = options.start ?? (() => Date.now());
  return {
    adjustable: options.adjustable,
    now: () => new Date(base() + offset),
    offsetMs: () => offset,
    advance(ms: number) {
      if (!options.adjustable) throw new Error("This clock cannot be moved (test hooks are off).");
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError("A clock only moves forward.");
      offset += ms;
      return new Date(base() + offset);
    },
  };
}

/** A clock standing still at `at`, for tests. */
export function fixedClock(at: Date | string): Clock {
  const t = new Date(at).getTime();
  return { now: () => new Date(t) };
}
