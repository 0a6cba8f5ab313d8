import { sql } from "kysely";
import type { Db } from "../utils/db.server";
import { isFixableGift } from "./gifts.server";
import type { FundMonthlyView, GiftPaymentView, MyGiftView, ProjectMonthlyView } from "./views";

function giftsQuery(db: Db) {
  return db
    .selectFrom("recurring_gifts as g")
    .leftJoin("projects as p", "p.id", "g.project_id")
    .leftJoin("organisations as o", "o.id", "g.organisation_id")
    .select([
      "g.id",
      "g.giver_id",
      "p.slug as project_slug",
      "p.title as project_title",
      "o.slug as organisation_slug",
      "o.name as organisation_name",
      "g.amount_cents",
      "g.status",
      "g.next_charge_at",
      "g.failed_attempts",
      "g.created_at",
      sql<number>`(select count(*) from recurring_gift_payments m where m.gift_id = g.id and m.status = 'paid')::int`.as("paid_months"),
      sql<number>`(select coalesce(sum(m.amount_cents), 0) from recurring_gift_payments m where m.gift_id = g.id and m.status = 'paid')::int`.as("paid_cents"),
    ]);
}

type GiftRow = Awaited<ReturnType<ReturnType<typeof giftsQuery>["executeTakeFirstOrThrow"]>>;

function toView(r: GiftRow): MyGiftView {
  return {
    id: r.id,
    ...(r.project_slug
      ? { targetKind: "project" as const, targetTitle: r.project_title ?? "", targetPath: `/projects/${r.project_slug}` }
      : { targetKind: "fund" as const, targetTitle: r.organisation_name ?? "", targetPath: `/organisations/${r.organisation_slug ?? ""}/fund` }),
    amountCents: r.amount_cents,
    status: r.status,
    nextChargeAt: r.status === "paused" ? null : r.next_charge_at,
    paidMonths: Number(r.paid_months),
    paidCents: Number(r.paid_cents),
    fixable: isFixableGift(r),
    createdAt: r.created_at,
  };
}

/** The giver's monthly gifts, open ones first, newest first. A pending gift whose page was left shows too. */
export async function listMyGifts(db: Db, giverId: string): Promise<MyGiftView[]> {
  const rows = await giftsQuery(db)
    .where("g.giver_id", "=", giverId)
    .orderBy(sql`case when g.status = 'cancelled' then 1 else 0 end`)
    .orderBy("g.created_at", "desc")
    .execute();
  return rows.map(toView);
}

export async function getMyGift(db: Db, giftId: string, giverId: string): Promise<(MyGiftView & { payments: GiftPaymentView[] }) | null> {
  const row = await giftsQuery(db).where("g.id", "=", giftId).where("g.giver_id", "=", giverId).executeTakeFirst();
  if (!row) return null;
  const payments = await db
    .selectFrom("recurring_gift_payments")
    .select(["period", "amount_cents", "status", "attempts", "paid_at"])
    .where("gift_id", "=", giftId)
    .orderBy("period", "desc")
    .execute();
  return {
    ...toView(row),
    payments: payments.map((p) => ({ period: p.period, amountCents: p.amount_cents, status: p.status, attempts: p.attempts, paidAt: p.paid_at })),
  };
}

/** Givers charged monthly (active, or a failed month being fixed), their monthly total, and every paid month together. */
export async function projectMonthly(db: Db, projectId: string): Promise<ProjectMonthlyView> {
  return monthlyOf(db, "project_id", projectId);
}

/** The same for an organisation's neighbourhood fund (decision 080): totals, never the givers' names. */
export async function fundMonthly(db: Db, organisationId: string): Promise<FundMonthlyView> {
  return monthlyOf(db, "organisation_id", organisationId);
}

async function monthlyOf(db: Db, column: "project_id" | "organisation_id", id: string): Promise<ProjectMonthlyView> {
  const row = await db
    .selectFrom("recurring_gifts")
    .select([sql<number>`count(*)::int`.as("givers"), sql<number>`coalesce(sum(amount_cents), 0)::int`.as("cents")])
    .where(column, "=", id)
    .where("status", "in", ["active", "past_due"])
    .executeTakeFirstOrThrow();
  const received = await db
    .selectFrom("recurring_gift_payments as m")
    .innerJoin("recurring_gifts as g", "g.id", "m.gift_id")
    .select(sql<number>`coalesce(sum(m.amount_cents), 0)::int`.as("cents"))
    .where(`g.${column}`, "=", id)
    .where("m.status", "=", "paid")
    .executeTakeFirstOrThrow();
  return { givers: Number(row.givers), monthlyCents: Number(row.cents), receivedCents: Number(received.cents) };
}
