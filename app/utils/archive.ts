import { strToU8, zipSync } from "fflate";

/**
 * One downloadable archive of tables (docs/decisions/074-personal-data.md): `data.json` with every
 * table, and one CSV per table under `csv/` (RFC 4180, a header of the columns, UTF-8 with a BOM
 * so spreadsheets read accents). The zip is made with fflate (pure JavaScript, no native parts).
 */
export type ArchiveValue = string | number | boolean | null | ArchiveValue[] | { [key: string]: ArchiveValue };
export type ArchiveRow = Record<string, ArchiveValue>;
export type ArchiveTables = Record<string, ArchiveRow[]>;

/** A value as plain JSON: dates as ISO strings, undefined as null, nested objects kept. */
export function toArchiveValue(value: unknown): ArchiveValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toArchiveValue);
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "object") return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toArchiveValue(v)]));
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return String(value);
}

export function toArchiveRows(rows: readonly Record<string, unknown>[]): ArchiveRow[] {
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, toArchiveValue(v)])));
}

function cell(value: ArchiveValue): string {
  const text = value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  // Quote every cell that needs it; a leading =, +, - or @ is prefixed so spreadsheets do not run it as a formula.
  const safe = typeof value === "string" && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One table as CSV: the union of the rows' columns in first-seen order. */
export function tableCsv(rows: readonly ArchiveRow[]): string {
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const lines = [columns.map((c) => cell(c)).join(","), ...rows.map((row) => columns.map((c) => cell(row[c] ?? null)).join(","))];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** The zip: `data.json` ({ about, tables }) and `csv/<table>.csv` for every table (empty ones too). */
export function buildArchive(input: { about: Record<string, ArchiveValue>; tables: ArchiveTables; mtime: Date }): Uint8Array {
  const names = Object.keys(input.tables).sort();
  const files: Record<string, [Uint8Array, { mtime: Date }]> = {
    "data.json": [
      strToU8(JSON.stringify({ about: input.about, tables: Object.fromEntries(names.map((n) => [n, input.tables[n]!])) }, null, 2)),
      { mtime: input.mtime },
    ],
  };
  for (const name of names) {
    if (!/^[a-z0-9_]+$/.test(name)) throw new TypeError(`buildArchive: table name ${name}`);
    files[`csv/${name}.csv`] = [strToU8(tableCsv(input.tables[name]!)), { mtime: input.mtime }];
  }
  return zipSync(files, { level: 6 });
}
