import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GatewayRequestError } from "../gateway";
import { APP_URL, type Harness, startHarness } from "./testing/harness.server";

/**
 * Contract tests of Stripe Connect behind the port (docs/decisions/053-payouts.md), against the
 * fake Stripe server: the requests the adapter makes (amounts in cents, eur, the destination
 * account, idempotency keys, metadata, the Stripe-Account header) and the port values it returns.
 */
let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h?.close());

const payoutInput = (accountId: string, key = "payout:proj-1:1") => ({
  accountId,
  amountCents: 18_450,
  description: "Buurtkracht: Moestuin de Linde",
  metadata: { purpose: "payout", payoutId: "po-1", projectId: "proj-1" },
  idempotencyKey: key,
});

describe("Stripe Connect through the port", () => {
  it("creates an Express account (manual payouts, transfers capability) with the caller's key and metadata", async () => {
    const account = await h.gateway.createConnectedAccount({
      email: "iris@example.nl",
      metadata: { purpose: "payout", userId: "u-1" },
      idempotencyKey: "payout-account:u-1",
    });
    expect(account).toMatchObject({ email: "iris@example.nl", status: "details_needed", bankLast4: null, metadata: { purpose: "payout", userId: "u-1" } });
    const [request] = h.sent("POST", "/v1/accounts");
    expect(request?.idempotencyKey).toBe("payout-account:u-1");
    expect(request?.params).toMatchObject({
      type: "express",
      country: "NL",
      email: "iris@example.nl",
      default_currency: "eur",
      capabilities: { transfers: { requested: "true" } },
      settings: { payouts: { schedule: { interval: "manual" } } },
      metadata: { purpose: "payout", userId: "u-1" },
    });
    // The same key returns the same account.
    const again = await h.gateway.createConnectedAccount({
      email: "iris@example.nl",
      metadata: { purpose: "payout", userId: "u-1" },
      idempotencyKey: "payout-account:u-1",
    });
    expect(again.id).toBe(account.id);
  });

  it("makes an onboarding link (Account Link) with the return and refresh URLs", async () => {
    const account = await h.gateway.createConnectedAccount({ email: "iris@example.nl", metadata: { purpose: "payout" }, idempotencyKey: "a" });
    const link = await h.gateway.createAccountOnboardingLink({ accountId: account.id, returnUrl: `${APP_URL}/done`, refreshUrl: `${APP_URL}/again` });
    expect(link.url).toMatch(/^http/);
    expect(new Date(link.expiresAt).getTime()).toBeGreaterThan(0);
    expect(h.sent("POST", "/v1/account_links")[0]?.params).toEqual({
      account: account.id,
      type: "account_onboarding",
      return_url: `${APP_URL}/done`,
      refresh_url: `${APP_URL}/again`,
    });
    await expect(h.gateway.createAccountOnboardingLink({ accountId: account.id, returnUrl: "/relative", refreshUrl: `${APP_URL}/x` })).rejects.toBeInstanceOf(
      GatewayRequestError,
    );
  });

  it("refuses a payout to an account that is not verified, without moving money", async () => {
    const account = await h.gateway.createConnectedAccount({ email: "iris@example.nl", metadata: { purpose: "payout" }, idempotencyKey: "a" });
    const result = await h.gateway.createPayout(payoutInput(account.id));
    expect(result).toMatchObject({ ok: false, error: "account_not_verified", account: { id: account.id, status: "details_needed" } });
    expect(h.sent("POST", "/v1/transfers")).toEqual([]);
    expect(h.sent("POST", "/v1/payouts")).toEqual([]);
  });

  it("pays out: a transfer to the account, then a payout on it, each with a key derived from the caller's; a retry pays nothing twice", async () => {
    const account = await h.gateway.createConnectedAccount({ email: "iris@example.nl", metadata: { purpose: "payout" }, idempotencyKey: "a" });
    h.fake.control.completeOnboarding(account.id);
    expect(await h.gateway.getConnectedAccount(account.id)).toMatchObject({ status: "verified", bankLast4: "5264", bankName: "RABOBANK" });

    const result = await h.gateway.createPayout(payoutInput(account.id));
    if (!result.ok) throw new Error(result.error);
    const [transfer] = h.sent("POST", "/v1/transfers");
    expect(transfer?.idempotencyKey).toBe("payout:proj-1:1:transfer");
    expect(transfer?.stripeAccount).toBeNull();
    expect(transfer?.params).toEqual({
      amount: "18450",
      currency: "eur",
      destination: account.id,
      description: "Buurtkracht: Moestuin de Linde",
      metadata: { purpose: "payout", payoutId: "po-1", projectId: "proj-1" },
      transfer_group: "project_proj-1",
    });
    const [payout] = h.sent("POST", "/v1/payouts");
    expect(payout?.idempotencyKey).toBe("payout:proj-1:1:payout");
    expect(payout?.stripeAccount).toBe(account.id);
    expect(payout?.params).toMatchObject({ amount: "18450", currency: "eur", metadata: { purpose: "payout", payoutId: "po-1", projectId: "proj-1" } });
    expect(result.payout).toMatchObject({
      accountId: account.id,
      amountCents: 18_450,
      currency: "eur",
      status: "in_transit",
      failure: null,
      metadata: { purpose: "payout", payoutId: "po-1", projectId: "proj-1" },
    });
    expect(result.payout.transferId).toMatch(/^tr_/);
    expect(result.payout.id).toMatch(/^po_/);

    // A retry after a lost answer: Stripe replays both answers; no second transfer or payout.
    const again = await h.gateway.createPayout(payoutInput(account.id));
    expect(again).toEqual(result);
    expect(h.sent("POST", "/v1/transfers").map((r) => r.replayed)).toEqual([false, true]);
    expect(h.sent("POST", "/v1/payouts").map((r) => r.replayed)).toEqual([false, true]);
    expect(h.fake.control.events().filter((e) => e.type === "transfer.created")).toHaveLength(1);

    // The payout as Stripe has it now, read on the connected account.
    h.fake.control.settlePayout(result.payout.id, "paid");
    expect(await h.gateway.getPayout({ accountId: account.id, payoutId: result.payout.id })).toMatchObject({
      status: "paid",
      transferId: result.payout.transferId,
    });
    expect(h.sent("GET", `/v1/payouts/${result.payout.id}`).at(-1)?.stripeAccount).toBe(account.id);
    expect(await h.gateway.getPayout({ accountId: account.id, payoutId: "po_nope" })).toBeNull();
  });

  it("the same key for another amount is a programming error (idempotency_key_reused)", async () => {
    const account = await h.gateway.createConnectedAccount({ email: "iris@example.nl", metadata: { purpose: "payout" }, idempotencyKey: "a" });
    h.fake.control.completeOnboarding(account.id);
    await h.gateway.createPayout(payoutInput(account.id));
    const error = await h.gateway.createPayout({ ...payoutInput(account.id), amountCents: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayRequestError);
    expect((error as GatewayRequestError).code).toBe("idempotency_key_reused");
  });

  it("reclaims a returned payout by reversing its transfer (the caller's key), and only a returned one", async () => {
    const account = await h.gateway.createConnectedAccount({ email: "iris@example.nl", metadata: { purpose: "payout" }, idempotencyKey: "a" });
    h.fake.control.completeOnboarding(account.id);
    const made = await h.gateway.createPayout(payoutInput(account.id));
    if (!made.ok) throw new Error(made.error);
    const early = await h.gateway
      .reclaimPayout({ accountId: account.id, payoutId: made.payout.id, idempotencyKey: "payout:po-1:reclaim" })
      .catch((e: unknown) => e);
    expect(early).toBeInstanceOf(GatewayRequestError);
    h.fake.control.settlePayout(made.payout.id, "failed");
    await h.gateway.reclaimPayout({ accountId: account.id, payoutId: made.payout.id, idempotencyKey: "payout:po-1:reclaim" });
    await h.gateway.reclaimPayout({ accountId: account.id, payoutId: made.payout.id, idempotencyKey: "payout:po-1:reclaim" });
    const reversals = h.sent("POST", `/v1/transfers/${made.payout.transferId}/reversals`);
    expect(reversals.map((r) => [r.idempotencyKey, r.params.amount, r.replayed])).toEqual([
      ["payout:po-1:reclaim", "18450", false],
      ["payout:po-1:reclaim", "18450", true],
    ]);
    expect(h.fake.control.object(made.payout.transferId!)).toMatchObject({ amount_reversed: 18_450, reversed: true });
  });
});
