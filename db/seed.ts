import type { Kysely } from "kysely";
import { pathToFileURL } from "node:url";
import type { FileStorage } from "../app/storage/storage.server";
import type { Database } from "./schema";
import type { SeedContext } from "./seeds/context";
import { demoUsers, seedFoundation } from "./seeds/foundation";
import { seedLending } from "./seeds/lending";
import { seedNotifications } from "./seeds/notifications";
import { seedComments, seedProjects } from "./seeds/projects";

/**
 * The demo neighbourhood. Every step is idempotent (fixed keys, ON CONFLICT DO NOTHING), so
 * `npm run db:seed` can run any number of times; `npm start` runs it once, on an empty database.
 * Features add their step to `steps`.
 */
const steps: ((ctx: SeedContext) => Promise<void>)[] = [seedFoundation, seedNotifications, seedProjects, seedComments, seedLending];

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

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { boot } = await import("../server/boot");
  const { appUrlReach } = await import("../app/utils/app-url");
  const { parseEnv } = await import("../app/utils/env.server");
  const env = parseEnv();
  if (appUrlReach(env.APP_URL) === "public") {
    console.error(
      `Refusing to load the demo: APP_URL (${env.APP_URL}) is a public address and the demo accounts' password is ` +
        "published in the README. The demo belongs on local machines only (docs/decisions/007-demo-only-local.md).",
    );
    process.exit(1);
  }
  const booted = await boot({ purpose: "npm run db:seed", work: false, startQueue: false });
  try {
    await seedDemo(booted.services.db, { now: booted.services.clock.now(), storage: booted.services.storage });
    console.log("Demo neighbourhood loaded (idempotent: existing rows were kept).");
  } finally {
    await booted.shutdown();
  }
}
