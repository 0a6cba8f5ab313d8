import { type Kysely, sql } from "kysely";

/**
 * Neighbourhood funds (buurtfonds) run by organisations (docs/decisions/080-neighbourhood-funds.md).
 *
 * - organisation_funds: at most one per organisation (its primary key), opened by an organisation
 *   admin of a verified organisation; its public story. The fund's money is the ledger account
 *   `organisation_fund:<organisationId>` (cash book), fed by monthly gifts.
 * - recurring_gifts: a gift now targets a project OR an organisation's fund — exactly one of the two
 *   (CHECK); one open gift per giver and fund, as per giver and project.
 * - matching_pools.fund_organisation_id: a pool funded from its organisation's fund (the same
 *   organisation, CHECK; the fund must exist, FK). Its budget is reserved from the fund's
 *   unallocated balance by the pool writer under the fund row's lock, and its matches are paid from
 *   the fund's cash.
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("organisation_funds")
    .addColumn("organisation_id", "uuid", (c) => c.primaryKey().references("organisations.id"))
    .addColumn("story", "text", (c) => c.notNull().check(sql`length(story) between 20 and 5000`))
    .addColumn("opened_by", "uuid", (c) => c.references("users.id"))
    .addColumn("opened_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .execute();

  await sql`alter table recurring_gifts alter column project_id drop not null`.execute(db);
  await sql`alter table recurring_gifts add column organisation_id uuid references organisation_funds(organisation_id)`.execute(db);
  await sql`alter table recurring_gifts add constraint recurring_gifts_one_target check (num_nonnulls(project_id, organisation_id) = 1)`.execute(db);
  await sql`create unique index recurring_gifts_one_open_per_fund on recurring_gifts (giver_id, organisation_id) where status <> 'cancelled' and organisation_id is not null`.execute(
    db,
  );
  await sql`create index recurring_gifts_fund on recurring_gifts (organisation_id, status) where organisation_id is not null`.execute(db);

  await sql`alter table matching_pools add column fund_organisation_id uuid references organisation_funds(organisation_id)`.execute(db);
  await sql`alter table matching_pools add constraint matching_pools_fund_is_own check (fund_organisation_id is null or fund_organisation_id = organisation_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table matching_pools drop constraint matching_pools_fund_is_own`.execute(db);
  await sql`alter table matching_pools drop column fund_organisation_id`.execute(db);
  await sql`drop index recurring_gifts_fund`.execute(db);
  await sql`drop index recurring_gifts_one_open_per_fund`.execute(db);
  await sql`alter table recurring_gifts drop constraint recurring_gifts_one_target`.execute(db);
  await sql`alter table recurring_gifts drop column organisation_id`.execute(db);
  await sql`alter table recurring_gifts alter column project_id set not null`.execute(db);
  await db.schema.dropTable("organisation_funds").execute();
}
