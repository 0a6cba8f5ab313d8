import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
export const migrationsDir = path.join(root, "db", "migrations");

/** Changes whenever a migration changes, so test templates are rebuilt exactly then. */
export function migrationsHash(): string {
  const h = createHash("sha256");
  for (const file of fs.readdirSync(migrationsDir).sort()) {
    h.update(file);
    h.update(fs.readFileSync(path.join(migrationsDir, file)));
  }
  return h.digest("hex").slice(0, 12);
}

export const cacheDir = path.join(root, "node_modules", ".cache", "buurtkracht");
export const pgliteTemplatePath = () => path.join(cacheDir, `pglite-template-${migrationsHash()}.tar`);
export const serverTemplateName = () => `bk_template_${migrationsHash()}`;

export function adminUrl(databaseUrl: string, database = "postgres"): string {
  const u = new URL(databaseUrl);
  u.pathname = `/${database}`;
  return u.toString();
}
