import { type Kysely, sql } from "kysely";

/**
 * What a moderator reviewed (issue 13 §15): each `submit` event keeps the project's content as it
 * was sent for review — title, summary, story, goal, plan, rewards, cover — so the next review can
 * show what changed since the last one. Only submit events carry it. Frozen in time: never import
 * app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("project_events").addColumn("content", "jsonb").execute();
  await sql`alter table project_events add constraint project_events_content_on_submit check (content is null or event = 'submit')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table project_events drop constraint project_events_content_on_submit`.execute(db);
  await db.schema.alterTable("project_events").dropColumn("content").execute();
}
