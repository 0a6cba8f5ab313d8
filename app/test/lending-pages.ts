import type { Db } from "../utils/db.server";
import * as pages from "../lending/pages.server";

/** Page loaders with a plain member as viewer (tests only). */
async function viewer(db: Db, userId: string) {
  const u = await db.selectFrom("users").select(["id", "neighbourhood_id", "role"]).where("id", "=", userId).executeTakeFirstOrThrow();
  return { id: u.id, neighbourhoodId: u.neighbourhood_id, isModerator: u.role !== "member" };
}
export const getLoanPage = async (db: Db, loanId: string, userId: string, now: Date) => pages.getLoanPage(db, loanId, await viewer(db, userId), now);
export const getItemPage = async (db: Db, itemId: string, userId: string, now: Date) => pages.getItemPage(db, itemId, await viewer(db, userId), now);
export const listWantedMatchesForOwnerPage = async (db: Db, userId: string, now: Date) =>
  (await pages.getLenderDashboard(db, await viewer(db, userId), now)).wanted;
