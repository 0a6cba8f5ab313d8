import { sql } from "kysely";
import type { MessageKey } from "../i18n/i18n";
import type { PledgeCompanion } from "../services.server";
import type { Trx } from "../utils/db.server";
import { processRegistry } from "../utils/process-registry.server";

/**
 * What a backer gives in the same form as their pledge — a shift, a thing (issue 11) — through the
 * registered `extensions.pledgeCompanions` (app/wiring.server.ts). Registered once, like the pledge
 * transition effects: the pledge writer runs in places (the gateway's event, the return page) that
 * have no services at hand. A static list, the same in every process (and in both of its bundles:
 * app/utils/process-registry.server.ts).
 *
 * All or nothing: the pledge and every part run under one savepoint; if any part says no, the
 * savepoint is rolled back and the caller's transaction goes on without any of it (an intent can
 * then be marked failed in the same transaction).
 */
const registry = processRegistry<PledgeCompanion>("pledgeCompanions");
export function registerPledgeCompanions(companions: readonly PledgeCompanion[]): void {
  registry.set(companions);
}

/** The parts the form sent, by companion key (JSON, stored on an intent while a card is saved). */
export type CompanionPayloads = Record<string, unknown>;

export type CompanionErrors = Record<string, MessageKey>;

/** Only keys a registered part knows, and only parts with something in them. */
export function cleanPayloads(payloads: CompanionPayloads | null | undefined): CompanionPayloads {
  const out: CompanionPayloads = {};
  for (const c of registry.get()) if (payloads && payloads[c.key] !== undefined && payloads[c.key] !== null) out[c.key] = payloads[c.key];
  return out;
}

export function hasCompanions(payloads: CompanionPayloads | null | undefined): boolean {
  return Object.keys(cleanPayloads(payloads)).length > 0;
}

async function applyAll(trx: Trx, input: { projectId: string; userId: string; payloads: CompanionPayloads; now: Date }): Promise<CompanionErrors> {
  const errors: CompanionErrors = {};
  const payloads = cleanPayloads(input.payloads);
  for (const c of registry.get()) {
    if (!(c.key in payloads)) continue;
    // Every part runs, so the backer sees every field that needs a change at once.
    const r = await c.applyTx(trx, { projectId: input.projectId, userId: input.userId, payload: payloads[c.key], now: input.now });
    if (!r.ok) Object.assign(errors, r.errors);
  }
  return errors;
}

// Postgres savepoints of the same name nest: a rollback goes back to the most recent one.
const SAVEPOINT = sql.raw("pledge_parts");

/**
 * Runs `main` (the pledge) and then every part, under a savepoint: either all of it stays, or none
 * of it. `main` decides whether the parts run (`run: false` — e.g. the same form sent twice: the
 * first time already gave them).
 */
export async function withCompanionsTx<T extends { ok: boolean }>(
  trx: Trx,
  input: { projectId: string; userId: string; payloads: CompanionPayloads | null | undefined; now: Date },
  main: () => Promise<{ result: T; run: boolean }>,
): Promise<{ kind: "main"; result: T } | { kind: "companions"; errors: CompanionErrors }> {
  const payloads = cleanPayloads(input.payloads);
  if (Object.keys(payloads).length === 0) return { kind: "main", result: (await main()).result };
  await sql`savepoint ${SAVEPOINT}`.execute(trx);
  const { result, run } = await main();
  if (!result.ok) {
    await sql`rollback to savepoint ${SAVEPOINT}`.execute(trx);
    return { kind: "main", result };
  }
  const errors = run ? await applyAll(trx, { projectId: input.projectId, userId: input.userId, payloads, now: input.now }) : {};
  if (Object.keys(errors).length > 0) {
    await sql`rollback to savepoint ${SAVEPOINT}`.execute(trx);
    return { kind: "companions", errors };
  }
  await sql`release savepoint ${SAVEPOINT}`.execute(trx);
  return { kind: "main", result };
}

/**
 * Would the parts be accepted now? Asked before a backer leaves to save a card (the pledge intent):
 * each part runs and is undone, so the backer is told next to the field before paying anything.
 */
export async function checkCompanionsTx(
  trx: Trx,
  input: { projectId: string; userId: string; payloads: CompanionPayloads | null | undefined; now: Date },
): Promise<CompanionErrors> {
  const payloads = cleanPayloads(input.payloads);
  if (Object.keys(payloads).length === 0) return {};
  await sql`savepoint ${SAVEPOINT}`.execute(trx);
  const errors = await applyAll(trx, { projectId: input.projectId, userId: input.userId, payloads, now: input.now });
  await sql`rollback to savepoint ${SAVEPOINT}`.execute(trx);
  return errors;
}
