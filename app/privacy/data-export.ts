/**
 * A member's data export ("Download my data", GDPR/AVG article 20; docs/decisions/074): its
 * lifecycle as one pure transition. Requested → ready (the archive is stored) or failed; a ready
 * archive expires after `EXPORT_DAYS` (its file is deleted).
 */
export type DataExportStatus = "requested" | "ready" | "failed" | "expired";
export type DataExportEvent = { type: "prepared" } | { type: "failed" } | { type: "expire" };
export type DataExportError = "ExportNotRequested" | "ExportNotReady";

/** How long the download link works. */
export const EXPORT_DAYS = 7;

export function nextExportStatus(from: DataExportStatus, event: DataExportEvent): { ok: true; to: DataExportStatus } | { ok: false; error: DataExportError } {
  switch (event.type) {
    case "prepared":
      return from === "requested" ? { ok: true, to: "ready" } : { ok: false, error: "ExportNotRequested" };
    case "failed":
      return from === "requested" ? { ok: true, to: "failed" } : { ok: false, error: "ExportNotRequested" };
    case "expire":
      return from === "ready" ? { ok: true, to: "expired" } : { ok: false, error: "ExportNotReady" };
  }
}

export function exportExpiresAt(readyAt: Date): Date {
  return new Date(readyAt.getTime() + EXPORT_DAYS * 24 * 60 * 60 * 1000);
}

/** Whether the member may download it now. */
export function isDownloadable(row: { status: DataExportStatus; expires_at: Date | null }, now: Date): boolean {
  return row.status === "ready" && row.expires_at !== null && row.expires_at > now;
}
