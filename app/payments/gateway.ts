/**
 * The payment gateway port (docs/decisions/020-payment-gateway-port.md).
 *
 * Modelled on Stripe so the Stripe implementation (a later issue) slots in without touching callers:
 *   customer            → Stripe Customer
 *   setup session       → Checkout Session mode "setup" (SetupIntent, usage off_session)
 *   payment session     → Checkout Session mode "payment" (capture automatic, or manual = a hold)
 *   payment             → PaymentIntent (a charge, or a hold when captureMethod is "manual")
 *   saved method        → PaymentMethod (card, or sepa_debit created from iDEAL)
 *   refund              → Refund
 *   connected account   → Connect Express Account (an initiator who receives payouts)
 *   payout              → Transfer to the connected account + Payout to its bank (decision 053)
 *   gateway event       → a webhook Event, translated to the small set below
 *
 * Every object here is plain JSON (strings, numbers, booleans, null; timestamps as ISO strings):
 * it crosses a network with Stripe and is stored as the payload of a recorded event.
 * Money is integer cents, EUR only.
 *
 * RULES FOR EVERY CALLER
 * 1. Never call the gateway inside a database transaction (PGlite has one connection; Stripe is not
 *    transactional). Write an intent/attempt row, commit, call the gateway with an idempotency key
 *    derived from that row, then record the outcome in a new transaction.
 * 2. Every call that creates or changes something takes an `idempotencyKey`. The same key with the
 *    same parameters returns the first result and never acts twice; the same key with different
 *    parameters throws `GatewayRequestError("idempotency_key_reused")`.
 * 3. Outcomes are final only when they arrive as gateway events (`applyGatewayEvent`). A return URL
 *    never decides anything. A synchronous result may be recorded too, through the same idempotent
 *    function the event handler uses: both may arrive, in any order, more than once.
 * 4. Every object you create carries `metadata.purpose` (e.g. "pledge", "deposit"), which routes its
 *    events to your handler (listed in app/wiring.server.ts), plus your own references.
 */

export type Cents = number;
export type Currency = "eur";
export type GatewayKind = "simulated" | "stripe";

/**
 * What a customer may pick on a hosted page. iDEAL saves a SEPA Direct Debit mandate
 * (`sepa_debit`) for later charges. The list a deployment offers is configurable (PAYMENT_METHODS);
 * iDEAL is being rebranded "iDEAL | Wero", which is why it is not hard-coded anywhere else.
 */
export type CheckoutMethod = "card" | "ideal";
export const checkoutMethods: readonly CheckoutMethod[] = ["card", "ideal"];

/** What a saved method is. Only cards can be held (manual capture); SEPA charges settle later. */
export type SavedMethodType = "card" | "sepa_debit";

/**
 * Stripe metadata rules: at most 50 keys, keys ≤ 40 characters, values ≤ 500 characters, strings
 * only. `purpose` is required: it routes the object's events to a handler.
 */
export type GatewayMetadata = { purpose: string } & Record<string, string>;
export const METADATA_LIMITS = { keys: 50, keyLength: 40, valueLength: 500 } as const;

/** Stripe's limits for EUR: at least €0.50, at most €999,999.99. */
export const MIN_CHARGE_CENTS = 50;
export const MAX_CHARGE_CENTS = 99_999_999;

/** Card holds: Stripe keeps an uncaptured card authorization for 7 days (Visa MIT: 5). */
export const CARD_HOLD_DAYS = 7;

export interface GatewayCustomer {
  id: string;
  email: string;
  name: string;
  metadata: Record<string, string>;
  createdAt: string;
}

export interface SavedPaymentMethod {
  id: string;
  customerId: string;
  type: SavedMethodType;
  /** Human label: "Visa •••• 4242", "SEPA-incasso ING •••• 4300". */
  label: string;
  card: { brand: string; last4: string; expMonth: number; expYear: number } | null;
  sepaDebit: { bankName: string; last4: string; mandateId: string } | null;
  createdAt: string;
}

/** Why something was declined or failed: Stripe's `code` and `decline_code`. */
export interface GatewayFailure {
  /** e.g. "card_declined", "authentication_required", "expired_card", "debit_failed". */
  code: string;
  /** e.g. "generic_decline", "insufficient_funds"; null when the gateway gives none. */
  declineCode: string | null;
  /** For logs and support; show users your own translated text. */
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Hosted sessions (Stripe Checkout)
// ---------------------------------------------------------------------------------------------

export type SessionMode = "setup" | "payment";
export type SessionStatus = "open" | "complete" | "expired";

export interface CheckoutSession {
  id: string;
  mode: SessionMode;
  status: SessionStatus;
  customerId: string;
  /** Where to send the customer (absolute). */
  url: string;
  methods: CheckoutMethod[];
  amountCents: Cents | null;
  captureMethod: "automatic" | "manual" | null;
  /** Set when a setup session completed (or a payment session saved the method). */
  paymentMethodId: string | null;
  /** Set when a payment session created a payment. */
  paymentId: string | null;
  metadata: GatewayMetadata;
  expiresAt: string;
  createdAt: string;
}

export interface CreateSetupSessionInput {
  customerId: string;
  /** Defaults to every method the deployment offers (`gateway.methods`). */
  methods?: CheckoutMethod[];
  /** Absolute URLs. The customer comes back here; the outcome arrives as an event, not from this. */
  returnUrl: string;
  cancelUrl: string;
  metadata: GatewayMetadata;
  idempotencyKey: string;
  /** Language of the hosted page (Stripe `locale`); the simulated pages follow the app's language. */
  locale?: "nl" | "en";
}

export interface CreatePaymentSessionInput {
  customerId: string;
  amountCents: Cents;
  /** Shown on the hosted page and the bank statement description. */
  description: string;
  methods?: CheckoutMethod[];
  /** "manual" makes it a hold (cards only), captured or released later. Default "automatic". */
  captureMethod?: "automatic" | "manual";
  /** Also save the method for later off-session use (Stripe `setup_future_usage: off_session`). */
  saveMethod?: boolean;
  returnUrl: string;
  cancelUrl: string;
  metadata: GatewayMetadata;
  idempotencyKey: string;
  locale?: "nl" | "en";
}

// ---------------------------------------------------------------------------------------------
// Payments (Stripe PaymentIntents): charges and holds
// ---------------------------------------------------------------------------------------------

/**
 * requires_action  the customer must authenticate (3-D Secure) at `nextActionUrl`
 * processing       accepted, result later (SEPA Direct Debit takes days)
 * requires_capture a hold: `amountCapturableCents` is reserved until captured, released or expired
 * succeeded        money collected (`amountReceivedCents`; refunds reduce what is kept)
 * failed           declined or failed (`lastFailure`); Stripe calls this requires_payment_method
 * canceled         a hold released (by you, or expired after CARD_HOLD_DAYS)
 */
export type PaymentStatus = "requires_action" | "processing" | "requires_capture" | "succeeded" | "failed" | "canceled";

export interface Payment {
  id: string;
  customerId: string;
  paymentMethodId: string | null;
  /** "ideal" for a one-off iDEAL payment on a hosted page (saved iDEAL becomes "sepa_debit"). */
  paymentMethodType: SavedMethodType | "ideal" | null;
  sessionId: string | null;
  amountCents: Cents;
  currency: Currency;
  captureMethod: "automatic" | "manual";
  offSession: boolean;
  status: PaymentStatus;
  amountCapturableCents: Cents;
  amountReceivedCents: Cents;
  amountRefundedCents: Cents;
  /**
   * What the provider kept for processing this payment, once it says (Stripe: the charge's balance
   * transaction; the simulated gateway: Stripe's EU prices). Null before the money moved.
   */
  feeCents: Cents | null;
  description: string;
  metadata: GatewayMetadata;
  lastFailure: GatewayFailure | null;
  /** Where the customer completes authentication (status requires_action), absolute. */
  nextActionUrl: string | null;
  /** Holds only: when an uncaptured hold is released automatically. */
  holdExpiresAt: string | null;
  /** Holds only: why it was canceled. */
  cancellationReason: "requested" | "expired" | null;
  createdAt: string;
}

export interface ChargeOffSessionInput {
  customerId: string;
  paymentMethodId: string;
  amountCents: Cents;
  description: string;
  metadata: GatewayMetadata;
  /** Derive from your attempt row, e.g. `pledge:<pledgeId>:charge:<attemptNo>`. */
  idempotencyKey: string;
  /** Where the customer lands after completing a required authentication (absolute). */
  returnUrl?: string;
}

/** The synchronous answer to an off-session charge. Events for the same payment follow. */
export type ChargeResult =
  | { status: "succeeded"; paymentId: string; payment: Payment }
  | { status: "processing"; paymentId: string; payment: Payment }
  | { status: "requires_action"; paymentId: string; actionUrl: string; payment: Payment }
  | { status: "failed"; paymentId: string | null; failure: GatewayFailure; payment: Payment | null };

export interface PlaceHoldInput {
  customerId: string;
  /** Must be a card: SEPA/iDEAL cannot be held (failure code "payment_method_not_holdable"). */
  paymentMethodId: string;
  amountCents: Cents;
  description: string;
  metadata: GatewayMetadata;
  idempotencyKey: string;
  /** Where the customer lands after completing a required authentication (absolute). */
  returnUrl?: string;
}

export type HoldResult =
  | { status: "held"; paymentId: string; amountCents: Cents; expiresAt: string; payment: Payment }
  | { status: "requires_action"; paymentId: string; actionUrl: string; payment: Payment }
  | { status: "failed"; paymentId: string | null; failure: GatewayFailure; payment: Payment | null };

export interface CaptureHoldInput {
  paymentId: string;
  /** Default: everything held. Less captures part and releases the rest. */
  amountCents?: Cents;
  idempotencyKey: string;
}

export type CaptureHoldResult =
  | { ok: true; payment: Payment; capturedCents: Cents; releasedCents: Cents }
  | { ok: false; error: "hold_expired" | "not_capturable" | "amount_too_large"; payment: Payment };

export interface ReleaseHoldInput {
  paymentId: string;
  idempotencyKey: string;
}

export type ReleaseHoldResult = { ok: true; payment: Payment } | { ok: false; error: "not_releasable"; payment: Payment };

// ---------------------------------------------------------------------------------------------
// Refunds
// ---------------------------------------------------------------------------------------------

export type RefundStatus = "pending" | "succeeded" | "failed";

export interface Refund {
  id: string;
  paymentId: string;
  amountCents: Cents;
  status: RefundStatus;
  reason: string | null;
  /** The refund's own metadata (Stripe does not copy the payment's): include your purpose. */
  metadata: GatewayMetadata;
  createdAt: string;
}

export interface RefundInput {
  paymentId: string;
  /** Default: everything still refundable. */
  amountCents?: Cents;
  reason?: string;
  metadata: GatewayMetadata;
  /** e.g. `pledge:<pledgeId>:refund:<n>`. The same key never refunds twice. */
  idempotencyKey: string;
}

export type RefundResult = { ok: true; refund: Refund } | { ok: false; error: "not_refundable" | "amount_too_large"; payment: Payment };

// ---------------------------------------------------------------------------------------------
// The gateway's own record: what it says happened in a time window (reconciliation, decision 027)
// ---------------------------------------------------------------------------------------------

/**
 * A window of the gateway's record (Stripe: `GET /v1/payment_intents` and `GET /v1/refunds` with
 * `created[gte]`/`created[lt]`, `limit`, `starting_after`). Objects are chosen by when they were
 * CREATED, and come in their current state: a hold placed before `since` and captured inside the
 * window is not in it (use `getPayment`), a payment made inside it and refunded later shows the
 * refund. Stripe's `created` has whole seconds, so the bounds are exact to the second.
 */
export interface ListActivityInput {
  /** ISO timestamp, inclusive. */
  since: string;
  /** ISO timestamp, exclusive. */
  until: string;
  /** `nextCursor` of the previous page; omit for the first page. Opaque: each gateway has its own. */
  cursor?: string | null;
  /** Objects per page, 1–100 (Stripe's list limit). Default 100. */
  limit?: number;
}

/**
 * One page: payments (charges and holds) first, newest first, then refunds, newest first — as
 * Stripe lists them. A page holds one kind; `nextCursor` is null after the last page.
 */
export interface GatewayActivityPage {
  payments: Payment[];
  refunds: Refund[];
  nextCursor: string | null;
}

// ---------------------------------------------------------------------------------------------
// Events (what webhooks become)
// ---------------------------------------------------------------------------------------------

interface EventBase {
  /** The gateway's event id: unique; a redelivery carries the same id. */
  id: string;
  gateway: GatewayKind;
  createdAt: string;
  /** Copied from the object the event is about; `purpose` routes it to a handler. */
  metadata: GatewayMetadata;
}

/**
 * Every event the app understands. Stripe mapping (for the Stripe adapter):
 *   setup.succeeded          checkout.session.completed (mode setup) / setup_intent.succeeded
 *   setup.failed             setup_intent.setup_failed
 *   session.expired          checkout.session.expired
 *   payment.succeeded        payment_intent.succeeded (capture automatic)
 *   payment.processing       payment_intent.processing
 *   payment.requires_action  payment_intent.requires_action, or payment_failed with authentication_required
 *   payment.failed           payment_intent.payment_failed
 *   hold.placed              payment_intent.amount_capturable_updated
 *   hold.captured            payment_intent.succeeded (capture manual)
 *   hold.released            payment_intent.canceled (requested, or expired)
 *   refund.succeeded         refund.updated/charge.refunded with status succeeded
 *   refund.failed            refund.failed
 *   dispute.opened           charge.dispute.created (metadata: the disputed payment's)
 *   dispute.closed           charge.dispute.closed (won, or warning_closed; lost)
 *   account.updated          account.updated (Connect: onboarding finished, details needed again)
 *   payout.in_transit        transfer.created / payout.created (the money left the platform)
 *   payout.paid              payout.paid (on the connected account: it reached the bank)
 *   payout.failed            payout.failed, or transfer.reversed
 */
export type GatewayEvent =
  | (EventBase & { type: "setup.succeeded"; session: CheckoutSession; paymentMethod: SavedPaymentMethod })
  | (EventBase & { type: "setup.failed"; session: CheckoutSession; failure: GatewayFailure })
  | (EventBase & { type: "session.expired"; session: CheckoutSession })
  | (EventBase & { type: "payment.succeeded"; payment: Payment })
  | (EventBase & { type: "payment.processing"; payment: Payment })
  | (EventBase & { type: "payment.requires_action"; payment: Payment })
  | (EventBase & { type: "payment.failed"; payment: Payment; failure: GatewayFailure })
  | (EventBase & { type: "hold.placed"; payment: Payment })
  | (EventBase & { type: "hold.captured"; payment: Payment; capturedCents: Cents; releasedCents: Cents })
  | (EventBase & { type: "hold.released"; payment: Payment; reason: "requested" | "expired" })
  | (EventBase & { type: "refund.succeeded"; refund: Refund })
  | (EventBase & { type: "refund.failed"; refund: Refund; failure: GatewayFailure })
  | GatewayDisputeEvent
  | GatewayPayoutEvent;

export type GatewayEventType = GatewayEvent["type"];
export const gatewayEventTypes: readonly GatewayEventType[] = [
  "setup.succeeded",
  "setup.failed",
  "session.expired",
  "payment.succeeded",
  "payment.processing",
  "payment.requires_action",
  "payment.failed",
  "hold.placed",
  "hold.captured",
  "hold.released",
  "refund.succeeded",
  "refund.failed",
  "dispute.opened",
  "dispute.closed",
  "account.updated",
  "payout.in_transit",
  "payout.paid",
  "payout.failed",
];

// ---------------------------------------------------------------------------------------------
// Disputes (chargebacks): reported by the Stripe gateway only
// ---------------------------------------------------------------------------------------------

/**
 * A chargeback: the customer's bank took a payment back (Stripe Dispute). While it is open the
 * disputed amount is withdrawn from our balance; `won` returns it, `lost` keeps it withdrawn.
 */
export interface GatewayDispute {
  id: string;
  /** The payment (PaymentIntent) that was disputed. */
  paymentId: string;
  amountCents: Cents;
  /** Stripe's reason, e.g. "fraudulent", "product_not_received", "general". */
  reason: string;
  /** Stripe's inquiries closed without a chargeback (`warning_closed`) count as won. */
  status: "open" | "won" | "lost";
  createdAt: string;
}

/**
 * Dispute events, translated from `charge.dispute.created` / `charge.dispute.closed`; part of
 * `GatewayEvent`. `metadata` is the disputed payment's, so they reach the payment's purpose.
 */
export type GatewayDisputeEvent =
  | (EventBase & { type: "dispute.opened"; dispute: GatewayDispute })
  | (EventBase & { type: "dispute.closed"; dispute: GatewayDispute; outcome: "won" | "lost" });

export type GatewayDisputeEventType = GatewayDisputeEvent["type"];
export const gatewayDisputeEventTypes: readonly GatewayDisputeEventType[] = ["dispute.opened", "dispute.closed"];

// ---------------------------------------------------------------------------------------------
// Payouts to initiators (Stripe Connect, Express accounts): docs/decisions/053-payouts.md
// ---------------------------------------------------------------------------------------------

/** details_needed: onboarding not finished (or the gateway wants more); verified: payouts can go out. */
export type ConnectedAccountStatus = "details_needed" | "verified";

/** An initiator's account at the gateway that receives payouts (Stripe: an Express account). */
export interface ConnectedAccount {
  id: string;
  email: string | null;
  status: ConnectedAccountStatus;
  /** The last four characters of the bank account payouts go to; null before onboarding. */
  bankLast4: string | null;
  bankName: string | null;
  metadata: GatewayMetadata;
  createdAt: string;
}

export interface CreateConnectedAccountInput {
  email: string;
  /** Include `purpose` ("payout") and your user id: account.updated events are routed by it. */
  metadata: GatewayMetadata;
  idempotencyKey: string;
}

/** Where the account holder fills in their details (Stripe: an Account Link, valid a few minutes). */
export interface AccountOnboardingLink {
  url: string;
  expiresAt: string;
}

export interface CreateAccountOnboardingLinkInput {
  accountId: string;
  /** Absolute: where the holder lands when done. The status arrives as account.updated, not from this. */
  returnUrl: string;
  /** Absolute: where the holder lands when the link expired (make a new one there). */
  refreshUrl: string;
  locale?: "nl" | "en";
}

/**
 * in_transit  the money left the platform on its way to the holder's bank
 * paid        the bank has it
 * failed      the bank refused it (closed account, wrong details): the money is back at the platform
 */
export type GatewayPayoutStatus = "in_transit" | "paid" | "failed";

export interface GatewayPayout {
  id: string;
  accountId: string;
  /** Stripe: the Transfer that moved the money to the connected account before it was paid out. */
  transferId: string | null;
  amountCents: Cents;
  currency: Currency;
  status: GatewayPayoutStatus;
  /** When the bank is expected to have it (ISO), as the gateway says. */
  arrivalDate: string | null;
  failure: GatewayFailure | null;
  description: string;
  metadata: GatewayMetadata;
  createdAt: string;
}

export interface CreatePayoutInput {
  accountId: string;
  amountCents: Cents;
  /** On the holder's bank statement. */
  description: string;
  metadata: GatewayMetadata;
  /** e.g. `payout:<projectId>:<attemptNo>`. The same key never pays twice. */
  idempotencyKey: string;
}

export type CreatePayoutResult =
  | { ok: true; payout: GatewayPayout }
  /** The account cannot receive payouts (onboarding unfinished): nothing moved. */
  | { ok: false; error: "account_not_verified"; account: ConnectedAccount | null };

/** Connect events, part of `GatewayEvent`; `metadata` is the account's or the payout's. */
export type GatewayPayoutEvent =
  | (EventBase & { type: "account.updated"; account: ConnectedAccount })
  | (EventBase & { type: "payout.in_transit"; payout: GatewayPayout })
  | (EventBase & { type: "payout.paid"; payout: GatewayPayout })
  | (EventBase & { type: "payout.failed"; payout: GatewayPayout; failure: GatewayFailure });

// ---------------------------------------------------------------------------------------------
// The port
// ---------------------------------------------------------------------------------------------

export interface PaymentGateway {
  readonly kind: GatewayKind;
  /** The checkout methods this deployment offers, in display order. */
  readonly methods: readonly CheckoutMethod[];

  createCustomer(input: { email: string; name: string; metadata?: Record<string, string>; idempotencyKey: string }): Promise<GatewayCustomer>;
  listPaymentMethods(customerId: string): Promise<SavedPaymentMethod[]>;
  getPaymentMethod(paymentMethodId: string): Promise<SavedPaymentMethod | null>;
  /** The customer removes a saved method; later charges on it fail with "payment_method_unavailable". */
  detachPaymentMethod(input: { paymentMethodId: string; idempotencyKey: string }): Promise<void>;

  /** A hosted page that saves a method for later off-session charges. Nothing is charged. */
  createSetupSession(input: CreateSetupSessionInput): Promise<CheckoutSession>;
  /** A hosted page where the customer pays now (or, with captureMethod "manual", authorizes a hold). */
  createPaymentSession(input: CreatePaymentSessionInput): Promise<CheckoutSession>;
  getSession(sessionId: string): Promise<CheckoutSession | null>;

  /** Charges a saved method while the customer is away (at a deadline, for a claim). */
  chargeOffSession(input: ChargeOffSessionInput): Promise<ChargeResult>;
  /** Reserves an amount on a saved card (manual capture), off-session. */
  placeHold(input: PlaceHoldInput): Promise<HoldResult>;
  captureHold(input: CaptureHoldInput): Promise<CaptureHoldResult>;
  releaseHold(input: ReleaseHoldInput): Promise<ReleaseHoldResult>;
  getPayment(paymentId: string): Promise<Payment | null>;

  refund(input: RefundInput): Promise<RefundResult>;
  /** A refund as the gateway has it now (Stripe `refunds.retrieve`); null when it does not exist. */
  getRefund(refundId: string): Promise<Refund | null>;

  /**
   * The gateway's own record of payments and refunds created in a window, one page at a time
   * (follow `nextCursor`; `listAllActivity` in ./activity.ts does). Read-only; used to reconcile the
   * ledger with what really happened at the gateway (docs/decisions/027-gateway-reconciliation.md).
   */
  listActivity(input: ListActivityInput): Promise<GatewayActivityPage>;

  /** An account that receives payouts; its holder finishes it on the onboarding link. */
  createConnectedAccount(input: CreateConnectedAccountInput): Promise<ConnectedAccount>;
  /** A fresh onboarding link (they expire quickly; creating one changes nothing, so it has no key). */
  createAccountOnboardingLink(input: CreateAccountOnboardingLinkInput): Promise<AccountOnboardingLink>;
  getConnectedAccount(accountId: string): Promise<ConnectedAccount | null>;
  /** Pays `amountCents` from the platform to the account's bank. Its progress arrives as payout.* events. */
  createPayout(input: CreatePayoutInput): Promise<CreatePayoutResult>;
  getPayout(input: { accountId: string; payoutId: string }): Promise<GatewayPayout | null>;
  /**
   * After the bank returned a payout: brings its money back from the connected account to the
   * platform, so a new attempt does not move it twice (Stripe: reverses the payout's transfer). The
   * simulated gateway's returned payouts are back at the platform already: nothing to do.
   */
  reclaimPayout(input: { accountId: string; payoutId: string; idempotencyKey: string }): Promise<void>;
}

/**
 * A request the gateway refused outright — a programming error or an outage, not a business
 * outcome (declines are values, above). `unavailable` means "not known whether it happened":
 * retry later with the SAME idempotency key.
 */
export type GatewayRequestErrorCode = "invalid_request" | "not_found" | "idempotency_key_reused" | "unavailable";

export class GatewayRequestError extends Error {
  /**
   * An `unavailable` that is the gateway's rate limit (HTTP 429, Stripe's `rate_limit`): nothing
   * happened; try again after a pause (`retryAfterMs` when the gateway said how long).
   */
  public readonly rateLimited: boolean;
  public readonly retryAfterMs: number | null;

  constructor(
    public readonly code: GatewayRequestErrorCode,
    message: string,
    options: { rateLimited?: boolean; retryAfterMs?: number | null } = {},
  ) {
    super(message);
    this.name = "GatewayRequestError";
    this.rateLimited = options.rateLimited ?? false;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }
}

/** Checks metadata against Stripe's limits; returns the problem, or null. */
export function metadataProblem(metadata: Record<string, unknown>): string | null {
  const entries = Object.entries(metadata);
  if (typeof metadata.purpose !== "string" || !/^[a-z][a-z0-9_]{0,39}$/.test(metadata.purpose)) {
    return 'metadata.purpose must be a short lowercase name such as "pledge"';
  }
  if (entries.length > METADATA_LIMITS.keys) return `metadata has more than ${METADATA_LIMITS.keys} keys`;
  for (const [key, value] of entries) {
    if (key.length === 0 || key.length > METADATA_LIMITS.keyLength) return `metadata key "${key}" must be 1–${METADATA_LIMITS.keyLength} characters`;
    if (typeof value !== "string") return `metadata.${key} must be a string`;
    if (value.length > METADATA_LIMITS.valueLength) return `metadata.${key} is longer than ${METADATA_LIMITS.valueLength} characters`;
  }
  return null;
}
