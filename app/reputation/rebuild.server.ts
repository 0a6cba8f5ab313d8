import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { rebuildAllRecords } from "./projection.server";

/**
 * The rebuild (`npm run reputation:rebuild`): every row from scratch, in one transaction, and which
 * members' stored rows differed from what the events say (by handle, never by e-mail).
 */
export async function diffAndRebuild(db: Kysely<Database>, now: Date): Promise<{ members: number; differed: string[] }> {
  return db.transaction().execute(async (trx) => {
    const comparable = async () => {
      const rows = await trx.selectFrom("reputation_records as r").innerJoin("users as u", "u.id", "r.user_id").selectAll("r").select("u.handle").execute();
      return new Map(rows.map(({ computed_at: _at, handle, ...rest }) => [handle, rest as Record<string, unknown>]));
    };
    const before = await comparable();
    const members = await rebuildAllRecords(trx, now);
    const after = await comparable();
    const differed: string[] = [];
    for (const [handle, row] of after) {
      const old = before.get(handle);
      // A member nothing ever happened to has no row yet; the rebuild writes an all-zero one.
      const same =
        old === undefined ? Object.entries(row).every(([k, v]) => k === "user_id" || v === 0 || v === null) : JSON.stringify(old) === JSON.stringify(row);
      if (!same) differed.push(handle);
    }
    return { members, differed };
  });
}
