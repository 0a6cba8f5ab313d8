import { describe, expect, it } from "vitest";
import { parseDuration, parseVerifyArgs } from "./cli";
import { DEFAULT_GRACE_MS, DEFAULT_WINDOW_MS } from "./reconciliation";
import { formatDuration } from "./report";

const now = new Date("2026-12-15T12:00:00Z");

describe("npm run ledger:verify arguments", () => {
  it("without --gateway: the ledger only; with it: the last 14 days up to now, 5 minutes' grace", () => {
    expect(parseVerifyArgs([], now)).toEqual({
      ok: true,
      args: { gateway: false, since: new Date(now.getTime() - DEFAULT_WINDOW_MS), until: new Date(now.getTime() + 1), graceMs: DEFAULT_GRACE_MS },
    });
    expect(parseVerifyArgs(["--gateway"], now)).toMatchObject({ ok: true, args: { gateway: true, since: new Date("2026-12-01T12:00:00Z") } });
  });

  it.each([
    [["--gateway", "--since", "48h"], { since: new Date("2026-12-13T12:00:00Z") }],
    [
      ["--gateway", "--since=2026-12-10T00:00:00Z", "--until", "2026-12-11"],
      { since: new Date("2026-12-10T00:00:00Z"), until: new Date("2026-12-11T00:00:00Z") },
    ],
    [["--gateway", "--grace", "90s"], { graceMs: 90_000 }],
    [["--since", "30m", "--gateway"], { since: new Date("2026-12-15T11:30:00Z") }],
  ])("%j", (argv, expected) => {
    expect(parseVerifyArgs(argv, now)).toMatchObject({ ok: true, args: { gateway: true, ...expected } });
  });

  it.each([
    [["--gatway"], "unknown argument --gatway"],
    [["--since", "7d"], "--since only applies with --gateway"],
    [["--gateway", "--since"], "--since needs an age (14d, 48h, 30m) or an ISO time, not nothing"],
    [["--gateway", "--since", "last week"], "--since needs an age (14d, 48h, 30m) or an ISO time, not last week"],
    [["--gateway", "--grace", "5 minutes"], "--grace needs a duration (5m, 90s), not 5 minutes"],
    [["--gateway", "--since", "2026-12-16"], "--until must be after --since"],
    [["--gateway=yes"], "--gateway takes no value"],
  ])("%j is refused: %s", (argv, error) => {
    expect(parseVerifyArgs(argv, now)).toEqual({ ok: false, error });
  });

  it("durations both ways", () => {
    expect([parseDuration("90s"), parseDuration("5m"), parseDuration("2h"), parseDuration("14d"), parseDuration("5"), parseDuration("-1m")]).toEqual([
      90_000,
      300_000,
      7_200_000,
      1_209_600_000,
      null,
      null,
    ]);
    expect([formatDuration(45_000), formatDuration(150_000), formatDuration(600_000), formatDuration(3_900_000), formatDuration(3 * 86_400_000)]).toEqual([
      "45 s",
      "2 min 30 s",
      "10 min",
      "1 h 5 min",
      "3 d",
    ]);
  });
});
