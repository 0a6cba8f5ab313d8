import type { Kysely } from "kysely";

/**
 * A loan's borrower can be a project (items for projects). The lending migration was written
 * beside the projects one and could not reference its table; now both exist, the database
 * guarantees that such a loan points at a real project.
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("loans").addForeignKeyConstraint("loans_borrower_project_fk", ["borrower_project_id"], "projects", ["id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("loans").dropConstraint("loans_borrower_project_fk").execute();
}
