import type Stripe from "stripe";
import type {
  AccountOnboardingLink,
  ConnectedAccount,
  CreateAccountOnboardingLinkInput,
  CreateConnectedAccountInput,
  CreatePayoutInput,
  CreatePayoutResult,
  GatewayFailure,
  GatewayPayout,
  GatewayPayoutStatus,
} from "../gateway";
import { GatewayRequestError } from "../gateway";
import type { StripeClient } from "./client.server";
import { orNull, stripeCall } from "./errors.server";
import { callerMetadata } from "./mapping.server";
import { checkAbsoluteUrl, checkIdempotencyKey, checkMetadata, checkText, invalid, RESERVED_KEYS } from "./validate";

/**
 * Stripe Connect behind the port (docs/decisions/053-payouts.md): Express accounts onboarded on an
 * Account Link, and a payout as two calls that each carry a key derived from the caller's:
 *   1. POST /v1/transfers (platform → connected account, `destination`), key `<key>:transfer`
 *   2. POST /v1/payouts on the connected account (`Stripe-Account`), key `<key>:payout`
 * The account's payout schedule is manual, so each payout of ours is exactly one Stripe payout and
 * its payout.paid / payout.failed events say what happened to THIS money. A retry after a lost
 * answer replays both calls with the same keys: Stripe returns the first results, nothing twice.
 */

export function accountStatus(a: Stripe.Account): ConnectedAccount["status"] {
  return a.details_submitted && a.payouts_enabled ? "verified" : "details_needed";
}

function bankOf(a: Stripe.Account): Stripe.BankAccount | null {
  const list = a.external_accounts?.data ?? [];
  const bank = list.find((x) => x.object === "bank_account");
  return (bank as Stripe.BankAccount | undefined) ?? null;
}

export function toConnectedAccount(a: Stripe.Account): ConnectedAccount {
  const bank = bankOf(a);
  return {
    id: a.id,
    email: a.email ?? null,
    status: accountStatus(a),
    bankLast4: bank?.last4 ?? null,
    bankName: bank?.bank_name ?? null,
    metadata: callerMetadata(a.metadata),
    createdAt: new Date((a.created ?? 0) * 1000).toISOString(),
  };
}

export function payoutStatus(status: string): GatewayPayoutStatus {
  if (status === "paid") return "paid";
  if (status === "failed" || status === "canceled") return "failed";
  return "in_transit";
}

export function payoutFailure(p: Stripe.Payout): GatewayFailure | null {
  if (payoutStatus(p.status) !== "failed") return null;
  return { code: p.failure_code ?? p.status, declineCode: null, message: p.failure_message ?? "" };
}

export function toGatewayPayout(p: Stripe.Payout, accountId: string): GatewayPayout {
  const metadata = callerMetadata(p.metadata);
  const transferId = p.metadata?.[RESERVED_KEYS.transfer] ?? null;
  return {
    id: p.id,
    accountId,
    transferId,
    amountCents: p.amount,
    currency: "eur",
    status: payoutStatus(p.status),
    arrivalDate: p.arrival_date ? new Date(p.arrival_date * 1000).toISOString() : null,
    failure: payoutFailure(p),
    description: p.description ?? "",
    metadata,
    createdAt: new Date(p.created * 1000).toISOString(),
  };
}

export async function createConnectedAccount(client: StripeClient, input: CreateConnectedAccountInput): Promise<ConnectedAccount> {
  checkMetadata(input.metadata);
  checkIdempotencyKey(input.idempotencyKey);
  if (!input.email) invalid("email is required");
  const account = await stripeCall("account", () =>
    client.sdk.accounts.create(
      {
        type: "express",
        country: "NL",
        email: input.email,
        default_currency: "eur",
        capabilities: { transfers: { requested: true } },
        // One Stripe payout per payout of ours (see above).
        settings: { payouts: { schedule: { interval: "manual" } } },
        metadata: input.metadata,
      },
      { idempotencyKey: input.idempotencyKey },
    ),
  );
  return toConnectedAccount(account);
}

export async function createAccountOnboardingLink(client: StripeClient, input: CreateAccountOnboardingLinkInput): Promise<AccountOnboardingLink> {
  checkAbsoluteUrl("returnUrl", input.returnUrl);
  checkAbsoluteUrl("refreshUrl", input.refreshUrl);
  const link = await stripeCall("account link", () =>
    client.sdk.accountLinks.create({ account: input.accountId, type: "account_onboarding", return_url: input.returnUrl, refresh_url: input.refreshUrl }),
  );
  return { url: link.url, expiresAt: new Date(link.expires_at * 1000).toISOString() };
}

export async function getConnectedAccount(client: StripeClient, accountId: string): Promise<ConnectedAccount | null> {
  const account = await orNull("account", () => client.sdk.accounts.retrieve(accountId));
  return account ? toConnectedAccount(account) : null;
}

export async function createPayout(client: StripeClient, input: CreatePayoutInput): Promise<CreatePayoutResult> {
  checkMetadata(input.metadata);
  checkIdempotencyKey(input.idempotencyKey);
  checkText("description", input.description, 500);
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents < 1) invalid("amountCents must be whole cents, at least 1");
  const account = await getConnectedAccount(client, input.accountId);
  if (!account || account.status !== "verified") return { ok: false, error: "account_not_verified", account };
  const transfer = await stripeCall("transfer", () =>
    client.sdk.transfers.create(
      {
        amount: input.amountCents,
        currency: "eur",
        destination: input.accountId,
        description: input.description,
        metadata: input.metadata,
        ...(input.metadata.projectId ? { transfer_group: `project_${input.metadata.projectId}` } : {}),
      },
      { idempotencyKey: `${input.idempotencyKey}:transfer` },
    ),
  );
  const payout = await stripeCall("payout", () =>
    client.sdk.payouts.create(
      {
        amount: input.amountCents,
        currency: "eur",
        description: input.description,
        metadata: { ...input.metadata, [RESERVED_KEYS.transfer]: transfer.id },
      },
      { idempotencyKey: `${input.idempotencyKey}:payout`, stripeAccount: input.accountId },
    ),
  );
  return { ok: true, payout: toGatewayPayout(payout, input.accountId) };
}

export async function getPayout(client: StripeClient, input: { accountId: string; payoutId: string }): Promise<GatewayPayout | null> {
  const payout = await orNull("payout", () => client.sdk.payouts.retrieve(input.payoutId, {}, { stripeAccount: input.accountId }));
  return payout ? toGatewayPayout(payout, input.accountId) : null;
}

/**
 * A payout the bank returned leaves its money on the connected account (Stripe puts it back in the
 * account's balance): reversing the transfer brings it to the platform, where the ledger has it
 * (payout.failed). Only for a failed payout; the same key never reverses twice.
 */
export async function reclaimPayout(client: StripeClient, input: { accountId: string; payoutId: string; idempotencyKey: string }): Promise<void> {
  checkIdempotencyKey(input.idempotencyKey);
  const payout = await getPayout(client, input);
  if (!payout) throw new GatewayRequestError("not_found", `No such payout: ${input.payoutId}`);
  if (payout.status !== "failed") invalid(`payout ${payout.id} is ${payout.status}; only a returned payout is reclaimed`);
  const transferId = payout.transferId;
  if (!transferId) invalid(`payout ${payout.id} names no transfer`);
  await stripeCall("transfer reversal", () =>
    client.sdk.transfers.createReversal(transferId, { amount: payout.amountCents, metadata: payout.metadata }, { idempotencyKey: input.idempotencyKey }),
  );
}

/** For webhooks: the connected account a Connect event is about (`event.account`). */
export function connectedAccountOf(event: Stripe.Event): string | null {
  return typeof event.account === "string" ? event.account : null;
}
