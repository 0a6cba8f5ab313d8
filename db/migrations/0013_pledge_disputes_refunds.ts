import { type Kysely, sql } from "kysely";

/**
 * Real money (issue 10): a charged pledge can be disputed at the backer's bank (`disputed`, then
 * back to `charged` when the dispute is won, or `charged_back` when it is lost), and a moderator can
 * refund one pledge with a reason the backer is shown (refund attempts with reason `moderator` and
 * a `note`). Frozen in time: never import app code here.
 */
const STATUSES_BEFORE = `'active', 'processing', 'charged', 'payment_failed', 'cancelled', 'dropped', 'released', 'refunded'`;
const STATUSES = `${STATUSES_BEFORE}, 'disputed', 'charged_back'`;
const REASONS_BEFORE = `'settlement', 'pledge', 'fix', 'cancellation', 'duplicate'`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table pledges drop constraint pledges_status_check`.execute(db);
  await sql.raw(`alter table pledges add constraint pledges_status_check check (status in (${STATUSES}))`).execute(db);
  // A disputed pledge still stands: the backer cannot pledge to the same project again meanwhile.
  await sql`drop index pledges_one_per_backer`.execute(db);
  await sql`create unique index pledges_one_per_backer on pledges (project_id, backer_id) where status in ('active', 'processing', 'charged', 'payment_failed', 'disputed')`.execute(
    db,
  );

  await sql`alter table pledge_payment_attempts drop constraint pledge_payment_attempts_reason_check`.execute(db);
  await sql
    .raw(`alter table pledge_payment_attempts add constraint pledge_payment_attempts_reason_check check (reason in (${REASONS_BEFORE}, 'moderator'))`)
    .execute(db);
  await db.schema
    .alterTable("pledge_payment_attempts")
    .addColumn("note", "text", (c) => c.check(sql`note is null or length(btrim(note)) between 1 and 500`))
    .execute();
  await db.schema
    .alterTable("pledge_payment_attempts")
    .addColumn("requested_by", "uuid", (c) => c.references("users.id"))
    .execute();
  // A moderator's refund says why and who asked for it; only such refunds have a note.
  await sql`alter table pledge_payment_attempts add constraint pledge_payment_attempts_moderator_note
    check ((reason = 'moderator') = (note is not null and requested_by is not null))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table pledge_payment_attempts drop constraint pledge_payment_attempts_moderator_note`.execute(db);
  await db.schema.alterTable("pledge_payment_attempts").dropColumn("requested_by").execute();
  await db.schema.alterTable("pledge_payment_attempts").dropColumn("note").execute();
  await sql`alter table pledge_payment_attempts drop constraint pledge_payment_attempts_reason_check`.execute(db);
  await sql.raw(`alter table pledge_payment_attempts add constraint pledge_payment_attempts_reason_check check (reason in (${REASONS_BEFORE}))`).execute(db);
  await sql`drop index pledges_one_per_backer`.execute(db);
  await sql`create unique index pledges_one_per_backer on pledges (project_id, backer_id) where status in ('active', 'processing', 'charged', 'payment_failed')`.execute(
    db,
  );
  await sql`alter table pledges drop constraint pledges_status_check`.execute(db);
  await sql.raw(`alter table pledges add constraint pledges_status_check check (status in (${STATUSES_BEFORE}))`).execute(db);
}
