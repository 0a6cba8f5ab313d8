/**
 * The organisation dashboard as CSV (one row per pool × project): what was committed, owed and paid.
 * Pure; RFC 4180 quoting, and text a spreadsheet would run as a formula gets a leading apostrophe.
 */
import type { OrganisationDashboard } from "./views";

function cell(value: string | number): string {
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const euros = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;

export const DASHBOARD_CSV_HEADER = ["pool", "project", "project_status", "match_status", "amount_cents", "amount_eur", "paid_at", "paid_reference"] as const;

export function organisationDashboardCsv(dashboard: Pick<OrganisationDashboard, "pools">): string {
  const lines = [DASHBOARD_CSV_HEADER.join(",")];
  for (const pool of dashboard.pools) {
    for (const m of pool.matches) {
      lines.push(
        [
          cell(pool.name),
          cell(m.projectTitle),
          cell(m.projectStatus),
          cell(m.status),
          cell(m.cents),
          euros(m.cents),
          m.paidAt ? new Date(m.paidAt).toISOString() : "",
          cell(m.paidReference ?? ""),
        ].join(","),
      );
    }
  }
  return `${lines.join("\r\n")}\r\n`;
}
