import type { Transaction } from "kysely";
import type { Database, Role } from "../../db/schema";
import { endUserSessions } from "../auth/sessions.server";
import { notify } from "../notifications/notify.server";
import type { Reportable, ReportableContent, UserSuspensionEffect } from "../services.server";
import type { Db } from "../utils/db.server";
import { isUniqueViolation } from "../utils/db.server";
import { isUuid } from "../utils/ids";
import { checkAction, type ModerationAction, type ReportReason, type ReportStatus, reportTransition, type SubjectError, USER_KIND } from "./moderation";

/**
 * Reports, the moderation queue and moderators' actions (docs/decisions/060, docs/moderation.md).
 * What can be reported is the `reportables` registry (app/wiring.server.ts); this module knows no
 * feature. Every action is one transaction: the report, the subject (hidden, the author's account),
 * the audit row in `moderation_actions` and the notices are written together or not at all.
 */
export type Reportables = Readonly<Record<string, Reportable>>;

export interface ModerationExtensions {
  reportables: Reportables;
  userSuspensionEffects: readonly UserSuspensionEffect[];
}

export type FileReportError = "SubjectUnknown" | "OwnContent" | "AlreadyReported";

/** A member reports something they can see. One open report per reporter and subject. */
export async function fileReport(
  db: Db,
  reportables: Reportables,
  input: { reporterId: string; kind: string; id: string; reason: ReportReason; details: string; now: Date },
): Promise<{ ok: true; reportId: string } | { ok: false; error: FileReportError }> {
  const reportable = Object.hasOwn(reportables, input.kind) ? reportables[input.kind] : undefined;
  if (!reportable) return { ok: false, error: "SubjectUnknown" };
  const content = await reportable.load(db, input.id, input.now);
  if (!content || (content.visibleTo && !content.visibleTo.includes(input.reporterId))) return { ok: false, error: "SubjectUnknown" };
  if (content.authorId === input.reporterId) return { ok: false, error: "OwnContent" };
  try {
    const row = await db
      .insertInto("reports")
      .values({
        reporter_id: input.reporterId,
        subject_kind: input.kind,
        subject_id: input.id,
        subject_user_id: content.authorId,
        reason: input.reason,
        details: input.details,
        created_at: input.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { ok: true, reportId: row.id };
  } catch (error) {
    if (isUniqueViolation(error, "reports_one_open")) return { ok: false, error: "AlreadyReported" };
    throw error;
  }
}

/** What the report form shows about its subject (null: nothing the reporter may report). */
export async function getReportSubject(
  db: Db,
  reportables: Reportables,
  input: { kind: string; id: string; viewerId: string; now: Date },
): Promise<{ title: string; path: string } | null> {
  const reportable = Object.hasOwn(reportables, input.kind) ? reportables[input.kind] : undefined;
  if (!reportable) return null;
  const content = await reportable.load(db, input.id, input.now).catch(() => null);
  if (!content || (content.visibleTo && !content.visibleTo.includes(input.viewerId))) return null;
  return { title: content.title, path: content.path };
}

export interface QueueEntry {
  id: string;
  kind: string;
  subjectId: string;
  reason: ReportReason;
  details: string;
  createdAt: Date;
  reporter: { handle: string; displayName: string };
  subject: { handle: string; displayName: string };
  /** Other open reports about the same subject. */
  alsoReported: number;
}

/** Open reports, oldest first. */
export async function listReportQueue(db: Db): Promise<QueueEntry[]> {
  const rows = await db
    .selectFrom("reports as r")
    .innerJoin("users as rp", "rp.id", "r.reporter_id")
    .innerJoin("users as su", "su.id", "r.subject_user_id")
    .select((eb) => [
      "r.id",
      "r.subject_kind",
      "r.subject_id",
      "r.reason",
      "r.details",
      "r.created_at",
      "rp.handle as rp_handle",
      "rp.display_name as rp_name",
      "su.handle as su_handle",
      "su.display_name as su_name",
      eb
        .selectFrom("reports as o")
        .select((o) => o.fn.countAll<number>().as("n"))
        .whereRef("o.subject_kind", "=", "r.subject_kind")
        .whereRef("o.subject_id", "=", "r.subject_id")
        .whereRef("o.id", "<>", "r.id")
        .where("o.status", "=", "open")
        .as("also"),
    ])
    .where("r.status", "=", "open")
    .orderBy("r.created_at")
    .orderBy("r.id")
    .limit(200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.subject_kind,
    subjectId: r.subject_id,
    reason: r.reason,
    details: r.details,
    createdAt: r.created_at,
    reporter: { handle: r.rp_handle, displayName: r.rp_name },
    subject: { handle: r.su_handle, displayName: r.su_name },
    alsoReported: Number(r.also ?? 0),
  }));
}

export interface ReportCase {
  id: string;
  kind: string;
  status: ReportStatus;
  reason: ReportReason;
  details: string;
  createdAt: Date;
  reporter: { handle: string; displayName: string };
  author: { id: string; handle: string; displayName: string; suspended: boolean; role: Role };
  /** The reported content in context (null: it is gone). */
  content: ReportableContent | null;
  hideable: boolean;
  /** What the moderator may do now. */
  actions: ModerationAction[];
  history: AuditEntry[];
}

export async function getReportCase(db: Db, reportables: Reportables, reportId: string, actorRole: Role): Promise<ReportCase | null> {
  if (!isUuid(reportId)) return null;
  const r = await db
    .selectFrom("reports as r")
    .innerJoin("users as rp", "rp.id", "r.reporter_id")
    .innerJoin("users as su", "su.id", "r.subject_user_id")
    .select([
      "r.id",
      "r.subject_kind",
      "r.subject_id",
      "r.status",
      "r.reason",
      "r.details",
      "r.created_at",
      "rp.handle as rp_handle",
      "rp.display_name as rp_name",
      "su.id as su_id",
      "su.handle as su_handle",
      "su.display_name as su_name",
      "su.suspended_at as su_suspended",
      "su.role as su_role",
    ])
    .where("r.id", "=", reportId)
    .executeTakeFirst();
  if (!r) return null;
  const reportable = Object.hasOwn(reportables, r.subject_kind) ? reportables[r.subject_kind] : undefined;
  const content = reportable ? await reportable.load(db, r.subject_id) : null;
  const hideable = reportable?.hideable ?? false;
  const subject = {
    hideable,
    hidden: content?.hidden !== null && content?.hidden !== undefined,
    authorSuspended: r.su_suspended !== null,
    authorRole: r.su_role,
    actorRole,
  };
  const possible: ModerationAction[] = ["hide", "unhide", "warn", "suspend", "unsuspend", "dismiss"];
  const actions = possible.filter((a) => reportTransition(r.status, a).ok && checkAction(a, subject) === null && (content !== null || a === "dismiss"));
  const history = await listAuditLog(db, { subject: { kind: r.subject_kind, id: r.subject_id } });
  return {
    id: r.id,
    kind: r.subject_kind,
    status: r.status,
    reason: r.reason,
    details: r.details,
    createdAt: r.created_at,
    reporter: { handle: r.rp_handle, displayName: r.rp_name },
    author: { id: r.su_id, handle: r.su_handle, displayName: r.su_name, suspended: r.su_suspended !== null, role: r.su_role },
    content,
    hideable,
    actions,
    history,
  };
}

export type ModerateError = "NotFound" | "IllegalTransition" | SubjectError;

/**
 * THE writer of moderators' actions: locks the report and the author's account, checks the action
 * against both (pure rules in ./moderation.ts), applies it, moves the report, and appends the audit
 * row — one transaction. Suspending ends every session of the member at once and runs the
 * registered effects (lending declines their pending requests).
 */
export async function moderate(
  db: Db,
  extensions: ModerationExtensions,
  input: { reportId: string; actor: { id: string; role: Role }; action: ModerationAction; reason: string; now: Date },
): Promise<{ ok: true; status: ReportStatus } | { ok: false; error: ModerateError }> {
  if (!isUuid(input.reportId)) return { ok: false, error: "NotFound" };
  const run = async (trx: Transaction<Database>) => {
    const report = await trx.selectFrom("reports").selectAll().where("id", "=", input.reportId).forUpdate().executeTakeFirst();
    if (!report) return { ok: false as const, error: "NotFound" as const };
    const step = reportTransition(report.status, input.action);
    if (!step.ok) return step;
    const reportable = Object.hasOwn(extensions.reportables, report.subject_kind) ? extensions.reportables[report.subject_kind] : undefined;
    const content = reportable ? await reportable.load(trx, report.subject_id) : null;
    if (!reportable || (!content && input.action !== "dismiss")) return { ok: false as const, error: "NotFound" as const };
    const author = await trx
      .selectFrom("users")
      .select(["id", "role", "suspended_at"])
      .where("id", "=", report.subject_user_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const refused = checkAction(input.action, {
      hideable: reportable.hideable,
      hidden: content?.hidden != null,
      authorSuspended: author.suspended_at !== null,
      authorRole: author.role,
      actorRole: input.actor.role,
    });
    if (refused) return { ok: false as const, error: refused };
    if (author.id === input.actor.id && input.action !== "dismiss") return { ok: false as const, error: "ModeratorsOnlyByAdmin" as const };

    await applyAction(trx, extensions, { reportable, subjectId: report.subject_id, content, authorId: author.id, ...input });

    // Acting on a subject settles every open report about it; dismissing settles only this one.
    let settle = trx.updateTable("reports").set({ status: step.to, decided_at: input.now, decided_by: input.actor.id }).where("status", "=", "open");
    settle =
      input.action === "dismiss"
        ? settle.where("id", "=", report.id)
        : settle.where("subject_kind", "=", report.subject_kind).where("subject_id", "=", report.subject_id);
    if (report.status === "open") await settle.execute();
    await trx
      .insertInto("moderation_actions")
      .values({
        actor_id: input.actor.id,
        action: input.action,
        subject_kind: report.subject_kind,
        subject_id: report.subject_id,
        target_user_id: author.id,
        report_id: report.id,
        reason: input.reason,
        created_at: input.now,
      })
      .execute();
    return { ok: true as const, status: step.to };
  };
  return db.isTransaction ? run(db as Transaction<Database>) : db.transaction().execute(run);
}

async function applyAction(
  trx: Transaction<Database>,
  extensions: ModerationExtensions,
  input: {
    reportable: Reportable;
    subjectId: string;
    content: ReportableContent | null;
    authorId: string;
    actor: { id: string };
    action: ModerationAction;
    reason: string;
    now: Date;
  },
): Promise<void> {
  const { authorId, reason, now } = input;
  switch (input.action) {
    case "hide":
      await input.reportable.setHidden(trx, input.subjectId, { at: now, reason, by: input.actor.id }, now);
      await notify(trx, {
        userId: authorId,
        kind: "moderation.content_hidden",
        data: { title: input.content?.title.slice(0, 200) || "—", path: input.content?.path ?? "/", reason },
      });
      return;
    case "unhide":
      await input.reportable.setHidden(trx, input.subjectId, null, now);
      return;
    case "warn":
      await notify(trx, { userId: authorId, kind: "moderation.warned", data: { title: input.content?.title.slice(0, 200) || "—", reason } });
      return;
    case "suspend":
      await trx.updateTable("users").set({ suspended_at: now, updated_at: now }).where("id", "=", authorId).execute();
      await trx
        .insertInto("user_events")
        .values({ user_id: authorId, actor_id: input.actor.id, kind: "suspended", data: JSON.stringify({ reason }), created_at: now })
        .execute();
      await endUserSessions(trx, { userId: authorId, reason: "suspended", now });
      for (const effect of extensions.userSuspensionEffects) await effect(trx, { userId: authorId, actorId: input.actor.id, now });
      await notify(trx, { userId: authorId, kind: "account.suspended", data: { reason } });
      return;
    case "unsuspend":
      await trx.updateTable("users").set({ suspended_at: null, updated_at: now }).where("id", "=", authorId).execute();
      await trx
        .insertInto("user_events")
        .values({ user_id: authorId, actor_id: input.actor.id, kind: "unsuspended", data: JSON.stringify({ reason }), created_at: now })
        .execute();
      return;
    case "dismiss":
      return;
    default: {
      const unreachable: never = input.action;
      throw new Error(`Unknown moderation action ${String(unreachable)}`);
    }
  }
}

export interface AuditEntry {
  id: number;
  action: ModerationAction;
  kind: string;
  subjectId: string;
  reason: string;
  createdAt: Date;
  reportId: string | null;
  actor: { handle: string; displayName: string };
  target: { handle: string; displayName: string };
}

/** The audit log, newest first (admins read all of it; a report's page shows its subject's). */
export async function listAuditLog(db: Db, filter: { subject?: { kind: string; id: string }; limit?: number } = {}): Promise<AuditEntry[]> {
  let q = db
    .selectFrom("moderation_actions as m")
    .innerJoin("users as a", "a.id", "m.actor_id")
    .innerJoin("users as t", "t.id", "m.target_user_id")
    .select([
      "m.id",
      "m.action",
      "m.subject_kind",
      "m.subject_id",
      "m.reason",
      "m.created_at",
      "m.report_id",
      "a.handle as a_handle",
      "a.display_name as a_name",
      "t.handle as t_handle",
      "t.display_name as t_name",
    ]);
  if (filter.subject) q = q.where("m.subject_kind", "=", filter.subject.kind).where("m.subject_id", "=", filter.subject.id);
  const rows = await q
    .orderBy("m.id", "desc")
    .limit(Math.min(filter.limit ?? 500, 1000))
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    action: r.action,
    kind: r.subject_kind,
    subjectId: r.subject_id,
    reason: r.reason,
    createdAt: r.created_at,
    reportId: r.report_id,
    actor: { handle: r.a_handle, displayName: r.a_name },
    target: { handle: r.t_handle, displayName: r.t_name },
  }));
}

/** People are reportable too: the profile page. Warned or suspended, never hidden. */
export const userReportable: Reportable = {
  hideable: false,
  async load(db, id) {
    if (!isUuid(id)) return null;
    const row = await db.selectFrom("users").select(["id", "handle", "display_name", "bio"]).where("id", "=", id).executeTakeFirst();
    if (!row) return null;
    return { authorId: row.id, title: row.display_name, excerpt: row.bio, path: `/u/${row.handle}`, visibleTo: null, hidden: null };
  },
  async setHidden() {
    return false;
  },
};
export { USER_KIND };
