import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
export const migrationsDir = path.join(root, "db", "migrations");
/** Data files migrations load (e.g. 0035's postcode areas). */
export const migrationDataDir = path.join(root, "db", "data");

/** Changes whenever a migration or a data file it loads changes, so test templates are rebuilt exactly then. */
export function migrationsHash(): string {
  const h = createHash("sha256");
  for (const dir of [migrationsDir, migrationDataDir]) {
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).sort()) {
      h.update(file);
      h.update(fs.readFileSync(path.join(dir, file)));
    }
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
