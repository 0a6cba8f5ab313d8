import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { seedDemo } from "../app/demo/seed.server";
import { DEMO_EMAIL_DOMAIN, DEMO_PASSWORD } from "../app/demo/foundation.server";
import { verifyPassword } from "../app/auth/password.server";
import { endUserSessions } from "../app/auth/sessions.server";
import type { FileStorage } from "../app/storage/storage.server";
import { appUrlReach } from "../app/utils/app-url";
import type { Env } from "../app/utils/env.server";

/**
 * The demo neighbourhood — with its password printed in the README — belongs on local machines only,
 * never on a deployment (docs/decisions/007-demo-only-local.md). Where APP_URL points decides
 * (`appUrlReach`): `local` loads the demo into an empty database; `private` (a LAN) only with
 * DEMO_DATA=1; `public` never: an empty database stays empty, DEMO_DATA=1 is refused, and start-up
 * refuses while demo accounts with the known password exist.
 */
export type DemoDecision = { action: "seed-if-empty" } | { action: "keep-empty"; reason: "needs-DEMO_DATA" | "public" } | { action: "refuse"; message: string };

/** What start-up does about the demo for this configuration (pure; the table test covers it). */
export function demoDecision(env: Pick<Env, "APP_URL" | "DEMO_DATA">): DemoDecision {
  const reach = appUrlReach(env.APP_URL);
  if (reach === "local") return { action: "seed-if-empty" };
  if (reach === "private") return env.DEMO_DATA ? { action: "seed-if-empty" } : { action: "keep-empty", reason: "needs-DEMO_DATA" };
  if (env.DEMO_DATA) {
    return {
      action: "refuse",
      message:
        `Refusing to start: DEMO_DATA=1 with a public APP_URL (${env.APP_URL}). The demo accounts' password is ` +
        "published in the README; the demo belongs on local machines only. Unset DEMO_DATA.",
    };
  }
  return { action: "keep-empty", reason: "public" };
}

export class DemoRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DemoRefusedError";
  }
}

/** Demo accounts (by their e-mail domain) that still open with the published demo password. */
export async function demoAccountsWithKnownPassword(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom("users")
    .select(["email", "password_hash"])
    .where("email", "like", `%@${DEMO_EMAIL_DOMAIN}`)
    .where("suspended_at", "is", null)
    .orderBy("email")
    .execute();
  const open: string[] = [];
  for (const row of rows) if (await verifyPassword(row.password_hash, DEMO_PASSWORD)) open.push(row.email);
  return open;
}

export function demoOnPublicMessage(appUrl: string, emails: string[]): string {
  const listed = emails.slice(0, 4).join(", ") + (emails.length > 4 ? ` and ${emails.length - 4} more` : "");
  return [
    `Refusing to start: APP_URL (${appUrl}) is a public address, but this database holds demo accounts`,
    `that open with the password published in the README (${listed}).`,
    "Either:",
    "  - run `npm run demo:disable` to lock them (a random password each, suspended; their history stays), or",
    "  - start from an empty database (it stays empty on a public APP_URL) and create the first admin",
    "    with `npm run admin:create -- --email you@example.nl` (docs/deploy.md).",
  ].join("\n");
}

/**
 * Start-up's demo step for the web server: seed an empty database where the demo belongs, refuse
 * to serve a public APP_URL with known-password demo accounts. Returns whether it seeded.
 */
export async function prepareDemo(
  db: Kysely<Database>,
  env: Pick<Env, "APP_URL" | "DEMO_DATA">,
  options: { now: Date; storage?: FileStorage; logger: { info(msg: string): void; warn(msg: string): void } },
): Promise<{ seeded: boolean }> {
  const decision = demoDecision(env);
  if (decision.action === "refuse") throw new DemoRefusedError(decision.message);
  const empty = !(await db.selectFrom("users").select("id").limit(1).executeTakeFirst());
  if (empty) {
    if (decision.action === "seed-if-empty") {
      await seedDemo(db, { now: options.now, storage: options.storage });
      options.logger.info("empty database: loaded the demo neighbourhood (see README for demo logins)");
      return { seeded: true };
    }
    options.logger.warn(
      decision.reason === "public"
        ? "empty database: no demo on a public APP_URL. Create the first admin with `npm run admin:create -- --email …` (docs/deploy.md)"
        : "empty database: APP_URL is not localhost, so the demo was not loaded (set DEMO_DATA=1 for a demo on this network, or create an admin with `npm run admin:create`)",
    );
    return { seeded: false };
  }
  if (appUrlReach(env.APP_URL) === "public") {
    const open = await demoAccountsWithKnownPassword(db);
    if (open.length) throw new DemoRefusedError(demoOnPublicMessage(env.APP_URL, open));
  }
  return { seeded: false };
}

/**
 * `npm run demo:disable`: every demo account gets an unusable random password and is suspended, with
 * an event row. Rows stay (pledges, loans and journals refer to them; the ledger is append-only).
 */
export async function disableDemoAccounts(db: Kysely<Database>, now: Date): Promise<string[]> {
  const { randomBytes } = await import("node:crypto");
  const { hashPassword } = await import("../app/auth/password.server");
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom("users")
      .select(["id", "email"])
      .where("email", "like", `%@${DEMO_EMAIL_DOMAIN}`)
      .where("suspended_at", "is", null)
      .forUpdate()
      .execute();
    for (const row of rows) {
      await trx
        .updateTable("users")
        .set({ password_hash: await hashPassword(randomBytes(32).toString("base64url")), password_changed_at: now, suspended_at: now, updated_at: now })
        .where("id", "=", row.id)
        .execute();
      await endUserSessions(trx, { userId: row.id, reason: "demo_disabled", now });
      await trx
        .insertInto("user_events")
        .values({ user_id: row.id, kind: "demo_disabled", data: JSON.stringify({}), created_at: now })
        .execute();
    }
    return rows.map((r) => r.email);
  });
}
