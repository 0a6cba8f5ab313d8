import type { Selectable } from "kysely";
import type { SimConnectedAccountsTable, SimPayoutsTable } from "../../../db/schema";
import type { MessageKey } from "../../i18n/i18n";
import type { Trx } from "../../utils/db.server";
import {
  type AccountOnboardingLink,
  type ConnectedAccount,
  type CreateAccountOnboardingLinkInput,
  type CreateConnectedAccountInput,
  type CreatePayoutInput,
  type CreatePayoutResult,
  type GatewayFailure,
  type GatewayMetadata,
  GatewayRequestError,
  type GatewayPayout,
  metadataProblem,
} from "../gateway";
import { findBank, idealBanks } from "./banks";
import { change, checkAbsoluteUrl, emit, idempotent, invalid, newId, type Outbox, type Sim } from "./core.server";

/**
 * The simulated gateway's Connect (docs/decisions/053-payouts.md): accounts that receive payouts,
 * their hosted onboarding page (/pay/sim/connect/:token — the holder names the account and picks a
 * bank, as on Stripe's Express onboarding), and payouts that are in transit for a while and then
 * paid, or fail when the account's bank is the test bank that returns everything.
 */

/** Like Stripe's Account Links: a few minutes, one use. */
const ONBOARDING_LINK_MS = 5 * 60_000;
/** What the test bank answers. A payout is on its way as long as a SEPA debit (sepaSettlementDelayMs). */
export const payoutFailure: GatewayFailure = { code: "account_closed", declineCode: null, message: "The bank account the payout went to is closed." };

type AccountRow = Selectable<SimConnectedAccountsTable>;
type PayoutRow = Selectable<SimPayoutsTable>;

export const onboardingUrl = (sim: Sim, token: string) => `${sim.appUrl}/pay/sim/connect/${token}`;

export function toAccount(row: AccountRow): ConnectedAccount {
  const bank = row.bank_code ? findBank(row.bank_code) : null;
  return {
    id: row.id,
    email: row.email,
    status: row.status,
    bankLast4: row.bank_last4,
    bankName: bank?.name ?? null,
    metadata: row.metadata as GatewayMetadata,
    createdAt: row.created_at.toISOString(),
  };
}

export function toGatewayPayout(row: PayoutRow): GatewayPayout {
  return {
    id: row.id,
    accountId: row.account_id,
    transferId: row.transfer_id,
    amountCents: row.amount_cents,
    currency: "eur",
    status: row.status,
    arrivalDate: row.arrives_at.toISOString(),
    failure: row.status === "failed" ? { ...payoutFailure, code: row.failure_code ?? payoutFailure.code } : null,
    description: row.description,
    metadata: row.metadata as GatewayMetadata,
    createdAt: row.created_at.toISOString(),
  };
}

function checkMetadata(metadata: GatewayMetadata): void {
  const problem = metadataProblem(metadata ?? {});
  if (problem) invalid(problem);
}

export async function createConnectedAccount(sim: Sim, input: CreateConnectedAccountInput): Promise<ConnectedAccount> {
  checkMetadata(input.metadata);
  if (!input.email) invalid("email is required");
  const { idempotencyKey, ...request } = input;
  return idempotent(sim, "accounts.create", idempotencyKey, request, async (trx, now) => {
    const row = await trx
      .insertInto("sim_connected_accounts")
      .values({
        id: newId("acct_sim_"),
        email: input.email,
        metadata: JSON.stringify(input.metadata),
        status: "details_needed",
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toAccount(row);
  });
}

export async function createAccountOnboardingLink(sim: Sim, input: CreateAccountOnboardingLinkInput): Promise<AccountOnboardingLink> {
  checkAbsoluteUrl("returnUrl", input.returnUrl);
  checkAbsoluteUrl("refreshUrl", input.refreshUrl);
  return change(sim, async (trx, now) => {
    const account = await trx.selectFrom("sim_connected_accounts").select("id").where("id", "=", input.accountId).executeTakeFirst();
    if (!account) throw new GatewayRequestError("not_found", `No such account: ${input.accountId}`);
    const row = await trx
      .insertInto("sim_onboarding_links")
      .values({
        token: newId("ob_sim_"),
        account_id: input.accountId,
        return_url: input.returnUrl,
        refresh_url: input.refreshUrl,
        expires_at: new Date(now.getTime() + ONBOARDING_LINK_MS),
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { url: onboardingUrl(sim, row.token), expiresAt: row.expires_at.toISOString() };
  });
}

export async function getConnectedAccount(sim: Sim, accountId: string): Promise<ConnectedAccount | null> {
  const row = await sim.db.selectFrom("sim_connected_accounts").selectAll().where("id", "=", accountId).executeTakeFirst();
  return row ? toAccount(row) : null;
}

export async function createPayout(sim: Sim, input: CreatePayoutInput): Promise<CreatePayoutResult> {
  checkMetadata(input.metadata);
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents < 1) invalid("amountCents must be whole cents, at least 1");
  if (input.description.length > 500) invalid("description is longer than 500 characters");
  const { idempotencyKey, ...request } = input;
  return idempotent(sim, "payouts.create", idempotencyKey, request, async (trx, now, outbox): Promise<CreatePayoutResult> => {
    const account = await trx.selectFrom("sim_connected_accounts").selectAll().where("id", "=", input.accountId).forUpdate().executeTakeFirst();
    if (!account) throw new GatewayRequestError("not_found", `No such account: ${input.accountId}`);
    if (account.status !== "verified") return { ok: false, error: "account_not_verified", account: toAccount(account) };
    const row = await trx
      .insertInto("sim_payouts")
      .values({
        id: newId("po_sim_"),
        transfer_id: newId("tr_sim_"),
        account_id: account.id,
        amount_cents: input.amountCents,
        status: "in_transit",
        description: input.description,
        metadata: JSON.stringify(input.metadata),
        arrives_at: new Date(now.getTime() + sim.sepaSettlementDelayMs),
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const payout = toGatewayPayout(row);
    await emit(trx, now, outbox, payout.id, { type: "payout.in_transit", metadata: payout.metadata, payout });
    return { ok: true, payout };
  });
}

export async function getPayout(sim: Sim, input: { accountId: string; payoutId: string }): Promise<GatewayPayout | null> {
  const row = await sim.db.selectFrom("sim_payouts").selectAll().where("id", "=", input.payoutId).where("account_id", "=", input.accountId).executeTakeFirst();
  return row ? toGatewayPayout(row) : null;
}

/** The sweep: payouts whose time has come reach the bank (or come back from the test bank). */
export async function settleDuePayouts(sim: Sim, trx: Trx, now: Date, outbox: Outbox, limit: number): Promise<number> {
  const rows = await trx
    .selectFrom("sim_payouts")
    .selectAll()
    .where("status", "=", "in_transit")
    .where("arrives_at", "<=", now)
    .orderBy("arrives_at")
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  for (const row of rows) {
    const account = await trx.selectFrom("sim_connected_accounts").select("bank_code").where("id", "=", row.account_id).executeTakeFirstOrThrow();
    const bounces = account.bank_code ? findBank(account.bank_code)?.behaviour === "bounces" : false;
    const updated = await trx
      .updateTable("sim_payouts")
      .set({ status: bounces ? "failed" : "paid", failure_code: bounces ? payoutFailure.code : null, updated_at: now })
      .where("id", "=", row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const payout = toGatewayPayout(updated);
    if (!bounces) {
      await emit(trx, now, outbox, payout.id, { type: "payout.paid", metadata: payout.metadata, payout });
      continue;
    }
    await emit(trx, now, outbox, payout.id, { type: "payout.failed", metadata: payout.metadata, payout, failure: payout.failure ?? payoutFailure });
    // Like Stripe: a payout the bank returned disables payouts until the holder fixes the bank details.
    const disabled = await trx
      .updateTable("sim_connected_accounts")
      .set({ status: "details_needed", updated_at: now })
      .where("id", "=", row.account_id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const changed = toAccount(disabled);
    await emit(trx, now, outbox, changed.id, { type: "account.updated", metadata: changed.metadata, account: changed });
  }
  return rows.length;
}

// ---------------------------------------------------------------------------------------------
// The hosted onboarding page
// ---------------------------------------------------------------------------------------------

export interface OnboardingPageView {
  token: string;
  email: string | null;
  /** The link was used or is past its time: the page offers the refresh URL instead of the form. */
  expired: boolean;
  status: ConnectedAccount["status"];
  banks: { code: string; name: string; test: boolean; ibanLast4: string }[];
  returnUrl: string;
  refreshUrl: string;
}

export type OnboardingResult = { ok: true; redirectTo: string } | { ok: false; field: "holderName" | "bank" | "_form"; error: MessageKey };

export async function getOnboardingPage(sim: Sim, token: string): Promise<OnboardingPageView | null> {
  const link = await sim.db.selectFrom("sim_onboarding_links").selectAll().where("token", "=", token).executeTakeFirst();
  if (!link) return null;
  const account = await sim.db.selectFrom("sim_connected_accounts").selectAll().where("id", "=", link.account_id).executeTakeFirstOrThrow();
  const now = sim.clock.now();
  return {
    token,
    email: account.email,
    expired: link.used_at !== null || now >= link.expires_at,
    status: account.status,
    banks: idealBanks.map((b) => ({ code: b.code, name: b.name, test: b.test === true, ibanLast4: b.ibanLast4 })),
    returnUrl: link.return_url,
    refreshUrl: link.refresh_url,
  };
}

/** The holder finishes onboarding: the account is verified (account.updated) and the link used up. */
export async function submitOnboarding(sim: Sim, token: string, input: { holderName: string; bank: string }): Promise<OnboardingResult> {
  const bank = findBank(input.bank);
  if (!input.holderName.trim()) return { ok: false, field: "holderName", error: "form.required" };
  if (!bank) return { ok: false, field: "bank", error: "payments.connect.chooseBank" };
  return change(sim, async (trx, now, outbox): Promise<OnboardingResult> => {
    const link = await trx.selectFrom("sim_onboarding_links").selectAll().where("token", "=", token).forUpdate().executeTakeFirst();
    if (!link) return { ok: false, field: "_form", error: "payments.connect.expired" };
    if (link.used_at !== null || now >= link.expires_at) return { ok: false, field: "_form", error: "payments.connect.expired" };
    await trx.updateTable("sim_onboarding_links").set({ used_at: now }).where("token", "=", token).execute();
    const updated = await trx
      .updateTable("sim_connected_accounts")
      .set({ status: "verified", holder_name: input.holderName.trim().slice(0, 100), bank_code: bank.code, bank_last4: bank.ibanLast4, updated_at: now })
      .where("id", "=", link.account_id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const account = toAccount(updated);
    await emit(trx, now, outbox, account.id, { type: "account.updated", metadata: account.metadata, account });
    return { ok: true, redirectTo: link.return_url };
  });
}
