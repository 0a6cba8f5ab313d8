import { sql } from "kysely";
import type { LedgerCheck } from "../ledger/verify.server";

/**
 * `npm run ledger:verify` checks of projects and pledges (docs/decisions/034-pledge-ledger-journals.md).
 * Read-only; one line per problem.
 */
export const projectBalancesMatchCollected: LedgerCheck = {
  name: "projects: each project's ledger balance equals its collected total",
  async run(db) {
    const rows = await db
      .selectFrom("projects as p")
      .leftJoin("ledger_entries as e", (join) => join.on(sql<boolean>`e.account = 'project:' || p.id::text`).on("e.book", "=", "cash"))
      .select(["p.slug", "p.collected_cents", sql<number>`coalesce(sum(e.amount_cents), 0)::bigint`.as("balance")])
      .groupBy(["p.id", "p.slug", "p.collected_cents"])
      .having(sql`coalesce(sum(e.amount_cents), 0)`, "<>", sql`p.collected_cents`)
      .orderBy("p.slug")
      .execute();
    return rows.map((r) => `project ${r.slug}: ledger balance ${Number(r.balance)} cents, collected ${r.collected_cents} cents`);
  },
};

/** Promises in the ledger match the pledges: saved ones on project:<id>, failed ones on project_overdue:<id>. */
export const projectCommitmentsMatchPledges: LedgerCheck = {
  name: "projects: commitments in the ledger equal the open pledges",
  async run(db) {
    const rows = await db
      .selectFrom("projects as p")
      .select([
        "p.slug",
        sql<number>`coalesce((select sum(amount_cents) from pledges pl where pl.project_id = p.id and pl.status in ('active', 'processing')), 0)::bigint`.as(
          "open",
        ),
        sql<number>`coalesce((select sum(amount_cents) from pledges pl where pl.project_id = p.id and pl.status = 'payment_failed'), 0)::bigint`.as("overdue"),
        sql<number>`coalesce((select sum(e.amount_cents) from ledger_entries e where e.book = 'commitment' and e.account = 'project:' || p.id::text), 0)::bigint`.as(
          "committed",
        ),
        sql<number>`coalesce((select sum(e.amount_cents) from ledger_entries e where e.book = 'commitment' and e.account = 'project_overdue:' || p.id::text), 0)::bigint`.as(
          "overdue_ledger",
        ),
      ])
      .orderBy("p.slug")
      .execute();
    const problems: string[] = [];
    for (const r of rows) {
      if (Number(r.open) !== Number(r.committed))
        problems.push(`project ${r.slug}: ${Number(r.committed)} cents committed in the ledger, open pledges ${Number(r.open)} cents`);
      if (Number(r.overdue) !== Number(r.overdue_ledger))
        problems.push(`project ${r.slug}: ${Number(r.overdue_ledger)} cents overdue in the ledger, failed payments ${Number(r.overdue)} cents`);
    }
    return problems;
  },
};
