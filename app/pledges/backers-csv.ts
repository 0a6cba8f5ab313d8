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
  return quotedCell(value, /[",\r\n;]/);
}

/** The formula guard and RFC 4180 quoting, for cells that need quotes when they hold `special`. */
function quotedCell(value: string, special: RegExp): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return special.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
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

/** A cell of the ";"-separated export: quoted only for ";", quotes and line breaks, so "12,50" stays a number. */
function sheetCell(value: string): string {
  return quotedCell(value, /[";\r\n]/);
}

export interface SpreadsheetLabels {
  anonymous: string;
  /** Name, amount, reward, status, message, date, e-mail (for the reward). */
  header: [string, string, string, string, string, string, string];
  status: (status: PledgeStatus) => string;
  /** "12,50" in Dutch, "12.50" in English. */
  decimalComma: boolean;
  date: (d: Date) => string;
}

/**
 * The same list for a spreadsheet in the initiator's language (issue 13 §16): separated by ";"
 * (Dutch Excel reads "," as the decimal sign and opens a ","-file as one column), headers and
 * statuses in words, euros with the language's decimal sign, dates as people write them, and the
 * e-mail address of those who chose a reward, to deliver it.
 */
export function backersSpreadsheet(rows: (CsvBacker & { rewardContact: string | null })[], labels: SpreadsheetLabels): string {
  const euros = (cents: number) => {
    const s = (cents / 100).toFixed(2);
    return labels.decimalComma ? s.replace(".", ",") : s;
  };
  const lines = [labels.header.map(sheetCell).join(";")];
  for (const r of rows) {
    lines.push(
      [r.name ?? labels.anonymous, euros(r.amountCents), r.tierTitle ?? "", labels.status(r.status), r.message, labels.date(r.createdAt), r.rewardContact ?? ""]
        .map(sheetCell)
        .join(";"),
    );
  }
  // "sep=;" tells Excel the separator whatever the computer's regional settings.
  return `sep=;\r\n${lines.join("\r\n")}\r\n`;
}
