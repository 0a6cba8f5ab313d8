import type { Kysely } from "kysely";
import { backfillImageVariants } from "../storage/backfill.server";
import type { FileStorage } from "../storage/storage.server";
import type { Database } from "../../db/schema";
import type { SeedContext } from "./context.server";
import { demoUsers, seedFoundation } from "./foundation.server";
import { seedLending, seedProjectLending } from "./lending.server";
import { seedReputation } from "./reputation.server";
import { seedMatching } from "./matching.server";
import { seedNotifications } from "./notifications.server";
import { seedComments, seedProjects } from "./projects.server";
import { seedNeeds } from "./needs.server";
import { seedIdeas } from "./ideas.server";
import { seedQuestions } from "./questions.server";
import { seedNeighbourhoodPages } from "./neighbourhoods.server";
import { seedTeam } from "./team.server";
import { seedCommunityLoans } from "./community-loans.server";
import { seedRecurring } from "./recurring.server";
import { seedFund } from "./fund.server";

/**
 * The demo neighbourhood. Every step is idempotent (fixed keys, ON CONFLICT DO NOTHING), so
 * `npm run db:seed` can run any number of times; `npm start` runs it once, on an empty database,
 * where the demo belongs (server/demo.ts, docs/decisions/007). The demo sits above the features:
 * it builds its world through their real functions.
 * Features add their step to `steps`.
 */
// Matching before the projects: their seeded pledges are matched as they are made.
// Lending before the projects: the initiators' completed loans make them neighbours (trust level 1),
// which submitting a project needs; the items lent to projects come after the projects.
const steps: ((ctx: SeedContext) => Promise<void>)[] = [
  seedFoundation,
  seedNotifications,
  seedMatching,
  seedLending,
  seedProjects,
  seedComments,
  seedProjectLending,
  seedNeeds,
  // The Moestuin's team (a co-initiator and a helper), after its shifts.
  seedTeam,
  // The neighbourhood board, after the projects (one post became the Moestuin).
  seedIdeas,
  // Questions to the initiators, answered and open (issue 15).
  seedQuestions,
  // The neighbourhoods' stories and their moderators (issue 15).
  seedNeighbourhoodPages,
  // Reviews of some closed loans, then every record rebuilt (app/reputation).
  seedReputation,
  // The community loan's first repayment, after the projects (its loan started at the deadline).
  seedCommunityLoans,
  // An ongoing project with monthly givers and paid months on the ledger (issue 16, app/recurring).
  seedRecurring,
  // Wijkfonds Oost's neighbourhood fund with two monthly givers (decision 080).
  seedFund,
  seedImageVariants,
];

/**
 * New demo photos get their smaller files as they are stored; a demo seeded before migration 0031
 * gets them here, at the next `npm run db:seed`, rather than at the backfill job's next runs
 * (docs/decisions/064).
 */
async function seedImageVariants(ctx: SeedContext): Promise<void> {
  if (!ctx.storage) return;
  for (;;) {
    const { made, missing } = await backfillImageVariants({ db: ctx.db, storage: ctx.storage });
    if (made + missing === 0) return;
  }
}

export async function seedDemo(db: Kysely<Database>, options: { now: Date; storage?: FileStorage }): Promise<void> {
  const ctx: SeedContext = {
    db,
    now: options.now,
    storage: options.storage,
    async userId(key) {
      const email = demoUsers.find((u) => u.key === key)?.email;
      if (!email) throw new Error(`No demo user ${key}`);
      const row = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
      return row.id;
    },
  };
  for (const step of steps) await step(ctx);
}

export async function seedIfEmpty(db: Kysely<Database>, options: { now: Date; storage?: FileStorage; logger?: { info(msg: string): void } }): Promise<boolean> {
  const anyUser = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  if (anyUser) return false;
  await seedDemo(db, options);
  return true;
}
