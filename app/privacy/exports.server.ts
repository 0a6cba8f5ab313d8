import { sql } from "kysely";
import type { DataExportRow } from "../../db/schema";
import { notify } from "../notifications/notify.server";
import type { PersonalDataContribution } from "../services.server";
import type { FileStorage } from "../storage/storage.server";
import { buildArchive, toArchiveRows, type ArchiveTables } from "../utils/archive";
import type { Db } from "../utils/db.server";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { type DataExportEvent, exportExpiresAt, isDownloadable, nextExportStatus } from "./data-export";
import { isUuid } from "../utils/ids";

/**
 * The one writer of data exports (docs/decisions/074): a member asks, the job prepares the archive
 * from every feature's `personalData` contribution and stores it, the bell says it is ready, the
 * member downloads it until it expires. Every status change is a `data_export_events` row.
 */
export type RequestExportResult = { ok: true; exportId: string } | { ok: false; error: "ExportAlreadyRequested" };

export async function requestDataExport(db: Db, input: { userId: string; now: Date }): Promise<RequestExportResult> {
  return db.transaction().execute(async (trx) => {
    const open = await trx.selectFrom("data_exports").select("id").where("user_id", "=", input.userId).where("status", "=", "requested").executeTakeFirst();
    if (open) return { ok: false as const, error: "ExportAlreadyRequested" as const };
    const row = await trx
      .insertInto("data_exports")
      .values({ user_id: input.userId, status: "requested", requested_at: input.now })
      .onConflict((oc) => oc.column("user_id").where("status", "=", "requested").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!row) return { ok: false as const, error: "ExportAlreadyRequested" as const };
    await trx.insertInto("data_export_events").values({ export_id: row.id, from_status: null, to_status: "requested", created_at: input.now }).execute();
    return { ok: true as const, exportId: row.id };
  });
}

/** Applies one event to a locked export row: the pure transition, the row, the event. */
async function transition(
  trx: Db,
  exportId: string,
  event: DataExportEvent,
  now: Date,
  set: Partial<Pick<DataExportRow, "file_key" | "bytes" | "ready_at" | "expires_at">> = {},
) {
  const row = await trx.selectFrom("data_exports").selectAll().where("id", "=", exportId).forUpdate().executeTakeFirst();
  if (!row) return null;
  const next = nextExportStatus(row.status, event);
  if (!next.ok) return null;
  await trx
    .updateTable("data_exports")
    .set({ status: next.to, ...set })
    .where("id", "=", exportId)
    .execute();
  await trx.insertInto("data_export_events").values({ export_id: exportId, from_status: row.status, to_status: next.to, created_at: now }).execute();
  return { ...row, status: next.to, ...set };
}

/** Every contribution's rows about the member, as one set of archive tables. */
export async function collectPersonalData(
  db: Kysely<Database>,
  contributions: readonly PersonalDataContribution[],
  input: { userId: string; now: Date },
): Promise<ArchiveTables> {
  const tables: ArchiveTables = {};
  for (const c of contributions) {
    const rows = await c.exportRows(db, input);
    for (const [name, list] of Object.entries(rows)) {
      if (tables[name]) throw new Error(`personal data: table ${name} exported twice (${c.key})`);
      tables[name] = toArchiveRows(list);
    }
  }
  return tables;
}

const fileKeyOf = (exportId: string) => `exports/${exportId}.zip`;

/** The job's work: every requested export prepared, stored and announced (returns how many). */
export async function prepareRequestedExports(ctx: {
  db: Kysely<Database>;
  storage: FileStorage;
  personalData: readonly PersonalDataContribution[];
  now: Date;
}): Promise<number> {
  const due = await ctx.db.selectFrom("data_exports").select(["id", "user_id"]).where("status", "=", "requested").orderBy("requested_at").limit(20).execute();
  let done = 0;
  for (const e of due) {
    let archive: Uint8Array;
    try {
      const tables = await collectPersonalData(ctx.db, ctx.personalData, { userId: e.user_id, now: ctx.now });
      archive = buildArchive({
        about: {
          kind: "personal_data",
          user_id: e.user_id,
          prepared_at: ctx.now.toISOString(),
          sources: ctx.personalData.map((c) => c.key),
          notice: "GDPR/AVG article 20",
        },
        tables,
        mtime: ctx.now,
      });
      await ctx.storage.put(fileKeyOf(e.id), Buffer.from(archive), "application/zip");
    } catch (error) {
      await ctx.db.transaction().execute((trx) => transition(trx, e.id, { type: "failed" }, ctx.now));
      throw error;
    }
    const expiresAt = exportExpiresAt(ctx.now);
    const ready = await ctx.db.transaction().execute(async (trx) => {
      const row = await transition(trx, e.id, { type: "prepared" }, ctx.now, {
        file_key: fileKeyOf(e.id),
        bytes: archive.byteLength,
        ready_at: ctx.now,
        expires_at: expiresAt,
      });
      if (!row) return false;
      await notify(trx, {
        userId: e.user_id,
        kind: "privacy.export_ready",
        data: { exportId: e.id, expiresOn: expiresAt.toISOString().slice(0, 10) },
        dedupeKey: `export:${e.id}`,
      });
      return true;
    });
    if (ready) done++;
  }
  return done;
}

/** Ready archives past their date: the file deleted, the export expired. */
export async function expireExports(ctx: { db: Kysely<Database>; storage: FileStorage; now: Date }): Promise<number> {
  const due = await ctx.db.selectFrom("data_exports").select(["id", "file_key"]).where("status", "=", "ready").where("expires_at", "<=", ctx.now).execute();
  for (const e of due) {
    await ctx.db.transaction().execute((trx) => transition(trx, e.id, { type: "expire" }, ctx.now, { file_key: null }));
    if (e.file_key) await ctx.storage.delete(e.file_key);
  }
  return due.length;
}

export interface DataExportView {
  id: string;
  status: DataExportRow["status"];
  requestedAt: Date;
  expiresAt: Date | null;
  bytes: number | null;
  downloadable: boolean;
}

export async function listDataExports(db: Db, userId: string, now: Date): Promise<DataExportView[]> {
  const rows = await db.selectFrom("data_exports").selectAll().where("user_id", "=", userId).orderBy("requested_at", "desc").limit(10).execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    requestedAt: r.requested_at,
    expiresAt: r.expires_at,
    bytes: r.bytes,
    downloadable: isDownloadable(r, now),
  }));
}

/** The archive, for its member only, while it may be downloaded; otherwise null. */
export async function getDataExportFile(
  db: Db,
  storage: FileStorage,
  input: { userId: string; exportId: string; now: Date },
): Promise<{ data: Buffer; name: string } | null> {
  if (!isUuid(input.exportId)) return null;
  const row = await db.selectFrom("data_exports").selectAll().where("id", "=", input.exportId).where("user_id", "=", input.userId).executeTakeFirst();
  if (!row || !isDownloadable(row, input.now) || !row.file_key) return null;
  const file = await storage.get(row.file_key);
  if (!file) return null;
  return { data: file.data, name: `buurtkracht-${row.ready_at!.toISOString().slice(0, 10)}.zip` };
}

/** The export files of a member (deleted with the account). */
export async function exportFileKeys(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("data_exports")
    .select("file_key")
    .where("user_id", "=", userId)
    .where(sql<boolean>`file_key is not null`)
    .execute();
  return rows.map((r) => r.file_key!);
}
