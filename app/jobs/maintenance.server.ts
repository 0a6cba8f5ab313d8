import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { defineJob } from "./definition.server";

/** Drops expired rate-limit counters (the limiter ignores them; this keeps the table small). */
export const pruneRateLimits = defineJob<{ db: Kysely<Database> }>({
  name: "maintenance.prune-rate-limits",
  sweep: true,
  schedule: "17 * * * *",
  async run({ db }) {
    // rate-limiter-flexible stores wall-clock expiry in ms; the test clock does not apply to it.
    const result = await db.deleteFrom("rate_limits").where("expire", "<", Date.now()).executeTakeFirst();
    return { processed: Number(result.numDeletedRows) };
  },
});
