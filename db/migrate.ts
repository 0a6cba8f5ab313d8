import { promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/** Reads db/migrations/NNNN_name.ts in name order. Migrations are frozen: they import no app code. */
class FolderMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await fs.readdir(migrationsDir)).filter((f) => /^\d{4}_[a-z0-9_]+\.(ts|js)$/.test(f)).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const mod = (await import(pathToFileURL(path.join(migrationsDir, file)).href)) as Migration;
      migrations[file.replace(/\.(ts|js)$/, "")] = mod;
    }
    return migrations;
  }
}

function migrator(db: Kysely<any>) {
  // Feature branches add migrations in parallel; a newer-numbered one may land before an older one.
  return new Migrator({ db, provider: new FolderMigrationProvider(), allowUnorderedMigrations: true });
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? "unknown error");
    throw new Error(`Migration ${failed?.migrationName ?? ""} failed: ${reason}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

export async function migrateDown(db: Kysely<any>): Promise<string | null> {
  const { error, results } = await migrator(db).migrateDown();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return results?.[0]?.migrationName ?? null;
}

/** Pending migration names (empty when the schema is current). Used by /readyz. */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const all = await migrator(db).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/**
 * Waits until another process (the deployment's migration step) has applied every migration this
 * code knows, checking every `intervalMs`. A new version that starts before its migrations ran
 * waits here, not with queries against a schema it does not know.
 */
export async function waitForMigrations(
  db: Kysely<any>,
  options: { intervalMs?: number; onWaiting?: (pending: string[]) => void; signal?: AbortSignal } = {},
): Promise<void> {
  const interval = options.intervalMs ?? 2_000;
  let lastReported = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const pending = await pendingMigrations(db).catch(() => ["(schema unreadable)"]);
    if (pending.length === 0) return;
    if (Date.now() - lastReported >= 30_000) {
      lastReported = Date.now();
      options.onWaiting?.(pending);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
