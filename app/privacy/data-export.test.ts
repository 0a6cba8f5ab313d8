import { describe, expect, it } from "vitest";
import { EXPORT_DAYS, exportExpiresAt, isDownloadable, nextExportStatus, type DataExportEvent, type DataExportStatus } from "./data-export";

describe("a data export's lifecycle", () => {
  const cases: [DataExportStatus, DataExportEvent["type"], DataExportStatus | string][] = [
    ["requested", "prepared", "ready"],
    ["requested", "failed", "failed"],
    ["requested", "expire", "ExportNotReady"],
    ["ready", "prepared", "ExportNotRequested"],
    ["ready", "failed", "ExportNotRequested"],
    ["ready", "expire", "expired"],
    ["failed", "prepared", "ExportNotRequested"],
    ["failed", "expire", "ExportNotReady"],
    ["expired", "expire", "ExportNotReady"],
    ["expired", "prepared", "ExportNotRequested"],
  ];
  it.each(cases)("%s + %s → %s", (from, type, expected) => {
    const r = nextExportStatus(from, { type } as DataExportEvent);
    expect(r.ok ? r.to : r.error).toBe(expected);
  });

  it("can be downloaded only while ready and before it expires", () => {
    const readyAt = new Date("2026-12-04T10:00:00Z");
    const expires = exportExpiresAt(readyAt);
    expect(expires.getTime() - readyAt.getTime()).toBe(EXPORT_DAYS * 86_400_000);
    expect(isDownloadable({ status: "ready", expires_at: expires }, readyAt)).toBe(true);
    expect(isDownloadable({ status: "ready", expires_at: expires }, expires)).toBe(false);
    expect(isDownloadable({ status: "expired", expires_at: expires }, readyAt)).toBe(false);
    expect(isDownloadable({ status: "requested", expires_at: null }, readyAt)).toBe(false);
  });
});
