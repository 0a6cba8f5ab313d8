import { sql } from "kysely";
import { type Locale, type MessageKey, translate } from "../i18n/i18n";
import { defineJob } from "../jobs/definition.server";
import type { Db } from "../utils/db.server";
import type { Logger } from "../utils/logger.server";
import { digestDedupeKey, weekStart } from "./digest";
import type { DigestItemData, DigestSectionData } from "./kinds";
import { notify } from "./notify.server";

/**
 * The weekly neighbourhood digest (opt-in: category "digest", e-mail off by default).
 * docs/decisions/013-calendar-feed-and-digest.md
 *
 * Features contribute sections through a `DigestSection`, listed in app/wiring.server.ts
 * (projects: new projects and projects ending soon; lending: new items and wanted posts near me);
 * the job reads them from `services.extensions.digestSections`. A section reads
 * with the executor it is given and returns at most a handful of items; empty sections are left out
 * and a user whose digest would be empty gets none that week.
 */
export interface DigestContext {
  userId: string;
  neighbourhoodId: string;
  postcode4: string | null;
  locale: Locale;
  now: Date;
  /** Monday of the digest's week (YYYY-MM-DD). */
  weekOf: string;
}

export type DigestItem = DigestItemData;

export interface DigestSection {
  key: string;
  /** The section heading (a catalogue key of the feature). */
  titleKey: MessageKey;
  collect(db: Db, ctx: DigestContext): Promise<DigestItem[]>;
}

/** Builds this week's digest for every opted-in user who has none yet. */
export async function buildWeeklyDigests(
  db: Db,
  options: { now: Date; sections: readonly DigestSection[]; onSectionError?: (key: string, error: unknown) => void },
): Promise<{ created: number; empty: number }> {
  const { sections } = options;
  const weekOf = weekStart(options.now);
  const dedupeKey = digestDedupeKey(weekOf);
  const recipients = await db
    .selectFrom("notification_preferences as p")
    .innerJoin("users as u", "u.id", "p.user_id")
    .innerJoin("neighbourhoods as nb", "nb.id", "u.neighbourhood_id")
    .select(["u.id", "u.neighbourhood_id", "u.postcode4", "u.locale", "nb.name as neighbourhood_name"])
    .where("p.category", "=", "digest")
    .where("p.email", "=", true)
    .where("u.suspended_at", "is", null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("notifications as n")
            .select(sql`1`.as("one"))
            .whereRef("n.user_id", "=", "u.id")
            .where("n.kind", "=", "digest.weekly")
            .where("n.dedupe_key", "=", dedupeKey),
        ),
      ),
    )
    .orderBy("u.id")
    .execute();

  let created = 0;
  let empty = 0;
  for (const r of recipients) {
    const ctx: DigestContext = { userId: r.id, neighbourhoodId: r.neighbourhood_id, postcode4: r.postcode4, locale: r.locale, now: options.now, weekOf };
    const built: DigestSectionData[] = [];
    for (const section of sections) {
      try {
        const items = (await section.collect(db, ctx)).slice(0, 20);
        if (items.length) built.push({ key: section.key, title: translate(r.locale, section.titleKey), items });
      } catch (error) {
        options.onSectionError?.(section.key, error);
      }
    }
    if (built.length === 0) {
      empty++;
      continue;
    }
    await db.transaction().execute((trx) =>
      notify(trx, {
        userId: r.id,
        kind: "digest.weekly",
        data: { weekOf, neighbourhoodName: r.neighbourhood_name, sections: built.slice(0, 10) },
        dedupeKey,
      }),
    );
    created++;
  }
  return { created, empty };
}

/** Mondays 08:00 (Amsterdam); run-due builds the current week's digest if it is missing. */
export const weeklyDigestJob = defineJob<{ db: Db; logger: Logger; extensions: { digestSections: readonly DigestSection[] } }>({
  name: "notifications.weekly-digest",
  sweep: true,
  schedule: "0 8 * * 1",
  async run({ db, now, logger, extensions }) {
    const { created, empty } = await buildWeeklyDigests(db, {
      now,
      sections: extensions.digestSections,
      onSectionError: (key, error) => logger.error({ err: error, section: key }, "digest section failed"),
    });
    return { processed: created, detail: { created, empty } };
  },
});
