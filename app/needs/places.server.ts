import type { NeedSignupRow, ProjectNeedRow, SignupStatus } from "../../db/schema";
import type { Trx } from "../utils/db.server";
import { isUuid } from "../utils/ids";

/**
 * What the shift writer and the offer writer share (decision 057): the need's lock, its places,
 * the sign-up row and the event row. Lock order: project (by the caller), need, sign-up.
 */
export async function lockNeed(trx: Trx, needId: string): Promise<ProjectNeedRow | null> {
  if (!isUuid(needId)) return null;
  return (await trx.selectFrom("project_needs").selectAll().where("id", "=", needId).forUpdate().executeTakeFirst()) ?? null;
}

/**
 * Moves the need's filled places by `delta` (−1, 0 or +1). A place is taken only while one is
 * left (`filled < needed`; the CHECK filled ≤ needed backs it up): false when none was.
 */
export async function movePlace(trx: Trx, needId: string, delta: number, now: Date): Promise<boolean> {
  if (delta > 0) {
    const took = await trx
      .updateTable("project_needs")
      .set((eb) => ({ filled: eb("filled", "+", 1), updated_at: now }))
      .where("id", "=", needId)
      .where((eb) => eb("filled", "<", eb.ref("needed")))
      .returning("id")
      .executeTakeFirst();
    return took !== undefined;
  }
  if (delta < 0) {
    await trx
      .updateTable("project_needs")
      .set((eb) => ({ filled: eb("filled", "-", 1), updated_at: now }))
      .where("id", "=", needId)
      .execute();
  }
  return true;
}

/** The person's sign-up or offer in its new status: the standing row updated, or a new one. */
export async function saveSignup(
  trx: Trx,
  current: NeedSignupRow | null,
  input: { needId: string; userId: string; status: SignupStatus; note?: string; now: Date },
): Promise<NeedSignupRow> {
  if (current) {
    return trx
      .updateTable("need_signups")
      .set({ status: input.status, updated_at: input.now })
      .where("id", "=", current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  return trx
    .insertInto("need_signups")
    .values({ need_id: input.needId, user_id: input.userId, status: input.status, note: input.note ?? "", created_at: input.now, updated_at: input.now })
    .returningAll()
    .executeTakeFirstOrThrow();
}
