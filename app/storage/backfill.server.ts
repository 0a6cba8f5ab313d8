import { defineJob } from "../jobs/definition.server";
import type { Db } from "../utils/db.server";
import type { Logger } from "../utils/logger.server";
import { stemOfCardKey } from "./images";
import { storeVariants } from "./images.server";
import type { FileStorage } from "./storage.server";

/**
 * Uploads from before migration 0031 have only their card and their large; this makes their
 * smaller files from those two (docs/decisions/064). Until it has, their pages offer the two files
 * there are, so nothing waits for it. Idempotent: the keys follow from the upload's stem, and a row
 * is only written while its variants are still missing. An upload whose files are gone is marked
 * as having no smaller files (`[]`), so it is not tried again and again.
 */
export async function backfillImageVariants(
  deps: { db: Db; storage: FileStorage },
  options: { limit?: number } = {},
): Promise<{ made: number; missing: number }> {
  const { db, storage } = deps;
  const rows = await db
    .selectFrom("uploads")
    .select(["id", "card_key", "large_key", "width", "height"])
    .where("variants", "is", null)
    .orderBy("created_at")
    .limit(options.limit ?? 50)
    .execute();
  let made = 0;
  let missing = 0;
  for (const row of rows) {
    const [card, large] = await Promise.all([storage.get(row.card_key), storage.get(row.large_key)]);
    let variants: Awaited<ReturnType<typeof storeVariants>> = [];
    if (card && large) {
      try {
        variants = await storeVariants(storage, {
          stem: stemOfCardKey(row.card_key),
          card: card.data,
          large: large.data,
          largeSize: { width: row.width, height: row.height },
        });
        made++;
      } catch {
        missing++; // a file that is not a readable image any more: mark it, like a missing one
      }
    } else missing++;
    await db
      .updateTable("uploads")
      .set({ variants: JSON.stringify(variants) })
      .where("id", "=", row.id)
      .where("variants", "is", null)
      .execute();
  }
  return { made, missing };
}

export const backfillImageVariantsJob = defineJob<{ db: Db; storage: FileStorage; logger: Logger }>({
  name: "storage.backfill-image-variants",
  sweep: true,
  schedule: "*/10 * * * *",
  async run({ db, storage, logger }) {
    const { made, missing } = await backfillImageVariants({ db, storage });
    if (made || missing) logger.info({ made, missing }, "image variants backfilled");
    return { processed: made + missing, detail: { made, missing } };
  },
});
