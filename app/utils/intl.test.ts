import { afterEach, describe, expect, it, vi } from "vitest";
import { formatDate, formatDateTime, formatNumber, formatRelative, formatShortDate } from "../i18n/format";
import { dateTimeFormat, numberFormat } from "./intl";

afterEach(() => vi.restoreAllMocks());

describe("Intl formatters are built once per locale and options (issue 17)", () => {
  it("returns the same formatter for the same locale and options, another for other ones", () => {
    const a = dateTimeFormat("nl-NL", { month: "long", timeZone: "UTC" });
    expect(dateTimeFormat("nl-NL", { month: "long", timeZone: "UTC" })).toBe(a);
    expect(dateTimeFormat("en-GB", { month: "long", timeZone: "UTC" })).not.toBe(a);
    expect(dateTimeFormat("nl-NL", { month: "short", timeZone: "UTC" })).not.toBe(a);
    expect(numberFormat("nl-NL")).toBe(numberFormat("nl-NL"));
  });

  it("formats as a fresh formatter would", () => {
    const d = new Date("2026-12-07T23:30:00Z");
    expect(dateTimeFormat("nl-NL", { day: "numeric", month: "long", timeZone: "Europe/Amsterdam" }).format(d)).toBe(
      new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", timeZone: "Europe/Amsterdam" }).format(d),
    );
    expect(formatDate(d, "nl")).toBe("8 december 2026");
    expect(formatDate(d, "en")).toBe("8 December 2026");
  });

  it("the app's format functions build no formatter on a repeated call", () => {
    const d = new Date("2026-12-07T12:00:00Z");
    const warm = () => [
      formatDate(d, "nl"),
      formatShortDate(d, "en"),
      formatDateTime(d, "nl"),
      formatNumber(1234, "en"),
      formatRelative(d, new Date("2026-12-09T12:00:00Z"), "nl"),
    ];
    const first = warm();
    const dtf = vi.spyOn(Intl, "DateTimeFormat");
    const nf = vi.spyOn(Intl, "NumberFormat");
    const rtf = vi.spyOn(Intl, "RelativeTimeFormat");
    for (let i = 0; i < 20; i++) expect(warm()).toEqual(first);
    expect(dtf).not.toHaveBeenCalled();
    expect(nf).not.toHaveBeenCalled();
    expect(rtf).not.toHaveBeenCalled();
  });
});
