import { type Kysely, sql } from "kysely";

/**
 * Network financing (issue 16) adds two funding models beside all-or-nothing and keep-what-you-raise:
 * `ongoing` — a project that runs continuously, keeps what it raises and has a monthly target, funded by
 * monthly gifts — and `community_loan` — a loan from neighbours (buurtlening), all-or-nothing, repaid
 * monthly to the lenders. One migration for both, so the two features' own migrations never rewrite
 * this CHECK against each other.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table projects drop constraint projects_funding_model_check`.execute(db);
  await sql`
    alter table projects add constraint projects_funding_model_check
    check (funding_model in ('all_or_nothing', 'keep_what_you_raise', 'ongoing', 'community_loan'))
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table projects drop constraint projects_funding_model_check`.execute(db);
  await sql`
    alter table projects add constraint projects_funding_model_check
    check (funding_model in ('all_or_nothing', 'keep_what_you_raise'))
  `.execute(db);
}
