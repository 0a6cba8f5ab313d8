import { sql } from "kysely";
import { type ActivityCursor, checkActivityInput, decodeActivityCursor, encodeActivityCursor } from "../activity";
import { type GatewayActivityPage, GatewayRequestError, type ListActivityInput, type Refund } from "../gateway";
import { type Sim, toPayment, toRefund } from "./core.server";

/**
 * The simulated gateway's own record (`listActivity`, docs/decisions/027): its sim_payments and
 * sim_refunds rows created in the window, newest first like Stripe's lists, payments before
 * refunds. The cursor is the last row's (created_at, id), so a page boundary never skips or repeats
 * a row, also when many share a timestamp.
 */
export async function listSimActivity(sim: Sim, input: ListActivityInput): Promise<GatewayActivityPage> {
  const { since, until, limit } = checkActivityInput(input);
  const cursor = decodeActivityCursor(input.cursor);
  const after = cursor.after ? parseAfter(cursor.after) : null;

  if (cursor.list === "payments") {
    const rows = await sim.db
      .selectFrom("sim_payments")
      .selectAll()
      .where("created_at", ">=", since)
      .where("created_at", "<", until)
      .$if(after !== null, (q) => q.where(sql<boolean>`(created_at, id) < (${after!.createdAt}, ${after!.id})`))
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const next: ActivityCursor = rows.length > limit && last ? { list: "payments", after: afterOf(last) } : { list: "refunds", after: null };
    return { payments: page.map((r) => toPayment(sim, r)), refunds: [], nextCursor: encodeActivityCursor(next) };
  }

  const rows = await sim.db
    .selectFrom("sim_refunds")
    .selectAll()
    .where("created_at", ">=", since)
    .where("created_at", "<", until)
    .$if(after !== null, (q) => q.where(sql<boolean>`(created_at, id) < (${after!.createdAt}, ${after!.id})`))
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    payments: [],
    refunds: page.map(toRefund),
    nextCursor: rows.length > limit && last ? encodeActivityCursor({ list: "refunds", after: afterOf(last) }) : null,
  };
}

export async function getSimRefund(sim: Sim, refundId: string): Promise<Refund | null> {
  const row = await sim.db.selectFrom("sim_refunds").selectAll().where("id", "=", refundId).executeTakeFirst();
  return row ? toRefund(row) : null;
}

const afterOf = (row: { created_at: Date; id: string }) => `${row.created_at.toISOString()}|${row.id}`;

function parseAfter(value: string): { createdAt: Date; id: string } {
  const bar = value.indexOf("|");
  const createdAt = new Date(value.slice(0, bar));
  if (bar < 0 || Number.isNaN(createdAt.getTime())) throw new GatewayRequestError("invalid_request", `not an activity cursor: ${value}`);
  return { createdAt, id: value.slice(bar + 1) };
}
