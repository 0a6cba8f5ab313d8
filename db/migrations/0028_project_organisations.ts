import type { Kysely } from "kysely";

/**
 * Organisations run their own projects (issue 11): a project may be owned by an organisation — a
 * fund's or a housing corporation's campaign — and is then shown with the organisation's name. The
 * initiator stays the member who acts for it (and its contact); an organisation's project never
 * changes owner. Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("projects")
    .addColumn("organisation_id", "uuid", (c) => c.references("organisations.id"))
    .execute();
  await db.schema.createIndex("projects_organisation").on("projects").columns(["organisation_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("projects_organisation").execute();
  await db.schema.alterTable("projects").dropColumn("organisation_id").execute();
}
