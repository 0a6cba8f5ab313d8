import type { PledgeStatus } from "./pledge";

export interface CsvBacker {
  name: string | null;
  amountCents: number;
  tierTitle: string | null;
  status: PledgeStatus;
  message: string;
  createdAt: Date;
}

/**
 * One cell, RFC 4180 quoted. A cell that a spreadsheet would run as a formula (=, +, -, @, tab,
 * carriage return at the start) gets a leading apostrophe: a backer's message must not become code.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n;]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The initiator's backers export: names as the backer allowed, amounts in cents and euros, no e-mail. */
export function backersCsv(rows: CsvBacker[], labels: { anonymous: string; header: string[] }): string {
  const lines = [labels.header.map(csvCell).join(",")];
  for (const r of rows) {
    lines.push(
      [r.name ?? labels.anonymous, String(r.amountCents), (r.amountCents / 100).toFixed(2), r.tierTitle ?? "", r.status, r.message, r.createdAt.toISOString()]
        .map(csvCell)
        .join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
