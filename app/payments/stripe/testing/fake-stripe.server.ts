import type { Socket } from "node:net";
import { createHmac, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { canonical, list, metadataOf, obj, type Params, parseForm, str, strings } from "./fake-form";
import {
  authenticationRequired,
  type CardOutcome,
  type FakeDecline,
  type FakeTestCard,
  feeCents,
  feeKind,
  FEE_TABLE,
  fakeCardOutcome,
  fakeIdealBanks,
  findFakeCard,
  genericDecline,
  SEPA_DELAY_SECONDS,
  type SepaOutcome,
  sepaOutcomeForEmail,
} from "./fake-tables";

/**
 * A small Stripe-compatible HTTP server for tests (the machines here cannot reach Stripe, and
 * stripe-mock is not installable). Plain node:http on 127.0.0.1; point stripe-node at it with
 * `{ host: "127.0.0.1", port, protocol: "http" }`.
 *
 * A FAITHFUL SUBSET: the endpoints the Stripe gateway uses (and Connect basics for payouts), with
 * Stripe's object shapes and id prefixes, its error JSON and HTTP codes, Idempotency-Key
 * semantics, expansion, list pagination, test cards and test e-mails, and events signed like
 * Stripe's webhooks. What the real API would not do, it does not do; what it cannot know (the
 * customer on the hosted page, the bank settling a debit, time passing) is driven through
 * `control`. README.md lists what is and is not covered.
 */

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface RecordedRequest {
  method: string;
  path: string;
  /** Parsed query string (GET) — expand[], limit, filters. */
  query: Params;
  /** Parsed form body (POST). */
  params: Params;
  idempotencyKey: string | null;
  stripeVersion: string | null;
  /** The `Stripe-Account` header: a request made on a connected account (Connect). */
  stripeAccount: string | null;
  /** Set once answered. */
  status: number | null;
  /** Answered from the idempotency store (a replay). */
  replayed: boolean;
  /** Answered by an injected fault (control.failNext), before anything ran. */
  injected: boolean;
}

export interface FakeEvent {
  id: string;
  type: string;
  created: number;
  /** The event JSON exactly as it is delivered. */
  json: JsonObject;
}

export interface DeliveryTarget {
  /** POSTs the event JSON with a Stripe-Signature header… */
  url?: string;
  /** …or hands it to a function (e.g. the app's webhook handler), with the header. */
  callback?: (rawBody: string, signature: string) => Promise<{ status: number } | number | void>;
  /** Default: the server's webhookSecret. */
  secret?: string;
}

export interface DeliveryOptions {
  /** Deliver each event twice (Stripe delivers at least once). */
  twice?: boolean;
  /** "reverse": newest first; "shuffle": a seeded permutation (out of order). Default: in order. */
  order?: "sent" | "reverse" | "shuffle";
  seed?: number;
  /** Only these event types (others stay queued). */
  types?: readonly string[];
}

export interface DeliveryResult {
  eventId: string;
  type: string;
  status: number;
}

export type CheckoutChoice =
  | {
      card: string;
      /** 3-D Secure on the page: approve (true, the default), fail (false), or walk away ("leave": it stays requires_action). */
      authenticate?: boolean | "leave";
      email?: string;
    }
  | { ideal: { bank?: string; /** Billing e-mail: Stripe's test e-mails choose how later SEPA debits settle. */ email?: string } };

export interface CheckoutOutcome {
  status: "complete" | "open";
  sessionId: string;
  setupIntentId: string | null;
  paymentIntentId: string | null;
  /** The method saved for later (card, or the SEPA method generated from iDEAL). */
  paymentMethodId: string | null;
  /** Why the attempt failed, when the session stayed open. */
  error: { code: string; declineCode: string | null } | null;
}

export interface FakeStripeOptions {
  /** Webhook signing secret. Default "whsec_fake". */
  webhookSecret?: string;
  /** Start of the fake clock (ms). Default: now. */
  startTime?: number;
}

export interface FakeStripeControl {
  /** The fake's clock: object timestamps, hold and session expiry, delayed SEPA settlement. */
  now(): number;
  advanceTime(ms: number): void;
  /**
   * Settles what is due by the fake clock: SEPA debits (and refunds), expiry of holds past
   * capture_before and of sessions past expires_at, refunds of pm_card_refundFail turning failed.
   */
  runDue(): void;
  /** The next N requests (matching `path`, if given) answer 5xx before anything runs. */
  failNext(count: number, options?: { status?: number; path?: string | RegExp }): void;
  /**
   * The next N requests (matching `path`) are slow by `ms`: by default the answer is held AFTER the
   * request ran (a late or lost response); with `before`, the request waits before anything (a slow
   * API, for replays too).
   */
  delayNext(ms: number, options?: { count?: number; path?: string | RegExp; before?: boolean }): void;
  /** The next payment confirmation is declined, whatever the card (an issuer's decision). */
  declineNext(decline?: Partial<FakeDecline>): void;
  /** The next payment confirmation needs 3-D Secure, whatever the card. */
  requireAuthenticationNext(): void;
  /** What a customer does on Stripe's hosted page: pays, or saves a method. Queues the events. */
  completeCheckout(sessionId: string, choice: CheckoutChoice): CheckoutOutcome;
  /** The customer on Stripe's 3-D Secure / bank page after next_action.redirect_to_url. */
  completeAuthentication(paymentIntentId: string, approve: boolean): { redirectTo: string };
  /** Test-mode dispute evidence in one step ("winning_evidence" / "losing_evidence"). */
  closeDispute(disputeId: string, outcome: "won" | "lost"): void;
  /** Connect: the account holder finished onboarding on the Account Link. */
  completeOnboarding(accountId: string): void;
  /** Connect: the bank has a connected account's payout ("paid"), or returned it ("failed": the money is back on the account). */
  settlePayout(payoutId: string, outcome: "paid" | "failed"): void;
  /** Every event so far, oldest first. */
  events(): FakeEvent[];
  webhooks: {
    pending(): FakeEvent[];
    /** Delivers queued events, signed; 2xx answers take them off the queue (others stay, as with Stripe). */
    deliver(target: DeliveryTarget, options?: DeliveryOptions): Promise<DeliveryResult[]>;
    /** Signs a payload as Stripe does (`t=…,v1=…`), for tests that tamper with one. */
    sign(payload: string, secret?: string, timestamp?: number): string;
    clear(): void;
  };
  /** Raw state for assertions (Stripe-shaped JSON), e.g. object("pi_…"). Null when unknown. */
  object(id: string): JsonObject | null;
}

export interface FakeStripe {
  port: number;
  url: string;
  /** Connection options for stripe-node / createStripeGateway. */
  client: { host: string; port: number; protocol: "http" };
  webhookSecret: string;
  requests: RecordedRequest[];
  control: FakeStripeControl;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Internals: errors, ids, records
// ---------------------------------------------------------------------------------------------

const API_VERSION = "2026-10-28.endive";
const HOLD_SECONDS = 7 * 86_400;
const SESSION_SECONDS = 24 * 3_600;

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: JsonObject,
    /** Stripe stores a response under its idempotency key only once the endpoint began executing. */
    readonly saved = true,
  ) {
    super(String(error.message ?? "error"));
  }
}

function invalidParam(message: string, param?: string, code?: string): ApiError {
  return new ApiError(400, { type: "invalid_request_error", message, ...(param ? { param } : {}), ...(code ? { code } : {}) }, false);
}
function stateError(message: string, code: string, param?: string): ApiError {
  return new ApiError(400, {
    type: "invalid_request_error",
    code,
    message,
    ...(param ? { param } : {}),
    doc_url: `https://docs.stripe.com/error-codes/${code.replace(/_/g, "-")}`,
  });
}
function missing(kind: string, id: string, param: string, status = 404): ApiError {
  return new ApiError(
    status,
    {
      type: "invalid_request_error",
      code: "resource_missing",
      param,
      message: `No such ${kind}: '${id}'`,
      doc_url: "https://docs.stripe.com/error-codes/resource-missing",
    },
    status === 400 ? false : true,
  );
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
function randomId(prefix: string, length = 24): string {
  let out = prefix;
  for (const b of randomBytes(length)) out += ALPHABET[b % ALPHABET.length];
  return out;
}

type Metadata = Record<string, string>;
type ErrorObject = JsonObject;

interface CustomerRec {
  id: string;
  seq: number;
  created: number;
  email: string | null;
  name: string | null;
  description: string | null;
  metadata: Metadata;
}

interface CardDetails {
  card: FakeTestCard;
  expMonth: number;
  expYear: number;
  /** Saved through a SetupIntent (with 3-D Secure where asked): later off-session charges need none. */
  setUpForOffSession: boolean;
}

interface PaymentMethodRec {
  id: string;
  seq: number;
  created: number;
  type: "card" | "sepa_debit" | "ideal";
  customer: string | null;
  /** Used once without a customer, or detached: Stripe refuses to use it again. */
  spent: boolean;
  metadata: Metadata;
  billing: { email: string | null; name: string | null };
  card?: CardDetails;
  sepa?: { bankCode: string; country: string; last4: string; fingerprint: string; charge: string | null; setupAttempt: string | null; outcome: SepaOutcome };
  ideal?: { bank: string; bic: string };
}

interface SessionRec {
  id: string;
  seq: number;
  created: number;
  expiresAt: number;
  mode: "setup" | "payment";
  status: "open" | "complete" | "expired";
  customer: string | null;
  metadata: Metadata;
  successUrl: string | null;
  cancelUrl: string | null;
  locale: string | null;
  currency: string | null;
  allowed: string[] | null;
  methodTypes: string[];
  amountTotal: number | null;
  productName: string | null;
  pi: { metadata: Metadata; description: string | null; captureMethod: "automatic" | "manual"; setupFutureUsage: string | null };
  si: { metadata: Metadata; description: string | null };
  cardCaptureOption: "manual" | null;
  setupIntent: string | null;
  paymentIntent: string | null;
  paymentStatus: "paid" | "unpaid" | "no_payment_required";
  customerEmail: string | null;
}

interface SetupIntentRec {
  id: string;
  seq: number;
  created: number;
  customer: string | null;
  metadata: Metadata;
  description: string | null;
  status: "requires_payment_method" | "succeeded" | "canceled";
  paymentMethod: string | null;
  latestAttempt: string | null;
  mandate: string | null;
  lastSetupError: ErrorObject | null;
  methodTypes: string[];
}

interface SetupAttemptRec {
  id: string;
  seq: number;
  created: number;
  setupIntent: string;
  customer: string | null;
  paymentMethod: string;
  status: "succeeded" | "failed";
  details: JsonObject;
  setupError: ErrorObject | null;
}

interface PaymentIntentRec {
  id: string;
  seq: number;
  created: number;
  amount: number;
  amountCapturable: number;
  amountReceived: number;
  currency: string;
  customer: string | null;
  description: string | null;
  metadata: Metadata;
  captureMethod: "automatic" | "manual";
  status: "requires_payment_method" | "requires_confirmation" | "requires_action" | "processing" | "requires_capture" | "succeeded" | "canceled";
  paymentMethod: string | null;
  latestCharge: string | null;
  lastPaymentError: ErrorObject | null;
  nextAction: JsonObject | null;
  cancellationReason: string | null;
  canceledAt: number | null;
  setupFutureUsage: string | null;
  returnUrl: string | null;
  session: string | null;
  transferGroup: string | null;
  /** A SEPA debit waiting for its bank: settles at `dueAt` (fake clock) per `outcome`. */
  settle: { dueAt: number; outcome: SepaOutcome } | null;
}

interface ChargeRec {
  id: string;
  seq: number;
  created: number;
  amount: number;
  amountCaptured: number;
  /** Released remainders of holds (partial capture, cancel, expiry) — Stripe counts them as refunded. */
  amountReleased: number;
  amountRefundedByRefunds: number;
  captured: boolean;
  status: "succeeded" | "pending" | "failed";
  paymentIntent: string;
  customer: string | null;
  description: string | null;
  metadata: Metadata;
  paymentMethod: string;
  details: JsonObject;
  methodType: string;
  cardCountry: string | null;
  balanceTransaction: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  disputed: boolean;
  captureBefore: number | null;
}

interface RefundRec {
  id: string;
  seq: number;
  created: number;
  amount: number;
  charge: string;
  paymentIntent: string;
  status: "pending" | "succeeded" | "failed";
  reason: string | null;
  metadata: Metadata;
  balanceTransaction: string | null;
  failureReason: string | null;
  dueAt: number | null;
  failsLater: boolean;
}

interface DisputeRec {
  id: string;
  seq: number;
  created: number;
  amount: number;
  charge: string;
  paymentIntent: string;
  reason: string;
  status: "needs_response" | "under_review" | "won" | "lost";
  metadata: Metadata;
  evidenceText: string | null;
  balanceTransactions: string[];
}

interface MandateRec {
  id: string;
  seq: number;
  created: number;
  paymentMethod: string;
  reference: string;
}

interface AccountRec {
  id: string;
  seq: number;
  created: number;
  type: string;
  country: string;
  email: string | null;
  businessType: string | null;
  metadata: Metadata;
  requested: string[];
  onboarded: boolean;
  payoutInterval: string;
}

interface PayoutRec {
  id: string;
  seq: number;
  created: number;
  account: string;
  amount: number;
  currency: string;
  description: string | null;
  metadata: Metadata;
  status: "pending" | "in_transit" | "paid" | "failed";
  failureCode: string | null;
}

interface TransferRec {
  id: string;
  seq: number;
  created: number;
  amount: number;
  currency: string;
  destination: string;
  description: string | null;
  metadata: Metadata;
  transferGroup: string | null;
  sourceTransaction: string | null;
  balanceTransaction: string;
  destinationPayment: string;
  amountReversed: number;
}

interface BalanceTxnRec {
  id: string;
  seq: number;
  created: number;
  amount: number;
  currency: string;
  fee: number;
  feeDescription: string | null;
  type: string;
  reportingCategory: string;
  source: string;
  description: string | null;
}

interface StoredResponse {
  method: string;
  path: string;
  params: string;
  status: number;
  body: string;
}

interface Fault {
  remaining: number;
  path?: string | RegExp;
}

function matches(path: string, filter: string | RegExp | undefined): boolean {
  if (filter === undefined) return true;
  return typeof filter === "string" ? path.startsWith(filter) : filter.test(path);
}

/** A deterministic permutation (mulberry32), so an out-of-order test is repeatable. */
function shuffled<T>(items: T[], seed: number): T[] {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function int(params: Params, key: string): number | undefined {
  const raw = str(params, key);
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw)) throw invalidParam(`Invalid integer: ${raw}`, key, "parameter_invalid_integer");
  return Number(raw);
}

function bool(params: Params, key: string): boolean | undefined {
  const raw = str(params, key);
  if (raw === undefined) return undefined;
  if (raw !== "true" && raw !== "false") throw invalidParam(`Invalid boolean: ${raw}`, key);
  return raw === "true";
}

/**
 * Stripe's `created` list filter: a Unix timestamp (equal), or `created[gt|gte|lt|lte]`.
 * Anything else is a 400, like Stripe's "Invalid integer".
 */
function createdFilter(query: Params): (created: number) => boolean {
  const exact = str(query, "created");
  if (exact !== undefined) {
    const at = int(query, "created")!;
    return (created) => created === at;
  }
  const range = obj(query, "created");
  if (!range) return () => true;
  const bounds: [string, (created: number, bound: number) => boolean][] = [
    ["gt", (c, b) => c > b],
    ["gte", (c, b) => c >= b],
    ["lt", (c, b) => c < b],
    ["lte", (c, b) => c <= b],
  ];
  for (const key of Object.keys(range)) {
    if (!bounds.some(([name]) => name === key)) throw invalidParam(`Received unknown parameter: created[${key}]`, `created[${key}]`, "parameter_unknown");
  }
  const checks = bounds.flatMap(([name, test]) => {
    const bound = int(range, name);
    return bound === undefined ? [] : [(created: number) => test(created, bound)];
  });
  return (created) => checks.every((check) => check(created));
}

function checkMetadataParam(metadata: Metadata | undefined): Metadata {
  const m = metadata ?? {};
  const entries = Object.entries(m);
  if (entries.length > 50) throw invalidParam("Invalid metadata: metadata may have at most 50 keys.", "metadata");
  for (const [k, v] of entries) {
    if (k.length > 40) throw invalidParam(`Invalid metadata: keys must be at most 40 characters (${k}).`, "metadata");
    if (v.length > 500) throw invalidParam(`Invalid metadata: values must be at most 500 characters (${k}).`, "metadata");
  }
  return m;
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

export async function startFakeStripe(options: FakeStripeOptions = {}): Promise<FakeStripe> {
  const webhookSecret = options.webhookSecret ?? "whsec_fake";
  let clockMs = options.startTime ?? Date.now();
  const now = () => Math.floor(clockMs / 1000);
  let seq = 0;
  const next = () => ++seq;

  const customers = new Map<string, CustomerRec>();
  const methods = new Map<string, PaymentMethodRec>();
  const sessions = new Map<string, SessionRec>();
  const setupIntents = new Map<string, SetupIntentRec>();
  const setupAttempts = new Map<string, SetupAttemptRec>();
  const intents = new Map<string, PaymentIntentRec>();
  const charges = new Map<string, ChargeRec>();
  const refunds = new Map<string, RefundRec>();
  const disputes = new Map<string, DisputeRec>();
  const mandates = new Map<string, MandateRec>();
  const accounts = new Map<string, AccountRec>();
  const transfers = new Map<string, TransferRec>();
  const payouts = new Map<string, PayoutRec>();
  const balanceTxns = new Map<string, BalanceTxnRec>();
  const events: FakeEvent[] = [];
  const pendingEvents: FakeEvent[] = [];
  const idempotency = new Map<string, StoredResponse>();
  const requests: RecordedRequest[] = [];

  const failures: (Fault & { status: number })[] = [];
  const delays: (Fault & { ms: number; before: boolean })[] = [];
  let nextDecline: FakeDecline | null = null;
  let nextAuthentication = false;
  /** Set while a request runs: events carry the request's id and idempotency key, as Stripe's do. */
  let currentRequest: { id: string | null; idempotencyKey: string | null } = { id: null, idempotencyKey: null };
  let baseUrl = "";

  // Rendering (records → Stripe JSON) -------------------------------------------------------

  const meta = (m: Metadata): JsonObject => ({ ...m });

  function renderCustomer(c: CustomerRec): JsonObject {
    return {
      id: c.id,
      object: "customer",
      address: null,
      balance: 0,
      created: c.created,
      currency: null,
      default_source: null,
      delinquent: false,
      description: c.description,
      email: c.email,
      invoice_prefix: c.id.slice(4, 12).toUpperCase(),
      invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
      livemode: false,
      metadata: meta(c.metadata),
      name: c.name,
      phone: null,
      preferred_locales: [],
      shipping: null,
      tax_exempt: "none",
      test_clock: null,
    };
  }

  function cardJson(d: CardDetails): JsonObject {
    return {
      brand: d.card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
      country: d.card.country,
      display_brand: d.card.brand,
      exp_month: d.expMonth,
      exp_year: d.expYear,
      fingerprint: `fp${d.card.number.slice(-8)}`,
      funding: d.card.funding,
      generated_from: null,
      last4: d.card.number.slice(-4),
      networks: { available: [d.card.brand], preferred: null },
      regulated_status: "unregulated",
      three_d_secure_usage: { supported: true },
      wallet: null,
    };
  }

  function renderMethod(pm: PaymentMethodRec): JsonObject {
    const out: JsonObject = {
      id: pm.id,
      object: "payment_method",
      allow_redisplay: "unspecified",
      billing_details: { address: null, email: pm.billing.email, name: pm.billing.name, phone: null, tax_id: null },
      created: pm.created,
      customer: pm.customer,
      customer_account: null,
      livemode: false,
      metadata: meta(pm.metadata),
      type: pm.type,
    };
    if (pm.card) out.card = cardJson(pm.card);
    if (pm.sepa) {
      out.sepa_debit = {
        bank_code: pm.sepa.bankCode,
        branch_code: "",
        country: pm.sepa.country,
        fingerprint: pm.sepa.fingerprint,
        generated_from: { charge: pm.sepa.charge, setup_attempt: pm.sepa.setupAttempt },
        last4: pm.sepa.last4,
      };
    }
    if (pm.ideal) out.ideal = { bank: pm.ideal.bank, bic: pm.ideal.bic };
    return out;
  }

  function renderSession(s: SessionRec): JsonObject {
    return {
      id: s.id,
      object: "checkout.session",
      adaptive_pricing: null,
      after_expiration: null,
      allow_promotion_codes: null,
      allowed_payment_method_types: s.allowed,
      amount_subtotal: s.amountTotal,
      amount_total: s.amountTotal,
      automatic_tax: { enabled: false, liability: null, provider: null, status: null },
      billing_address_collection: null,
      cancel_url: s.cancelUrl,
      client_reference_id: null,
      client_secret: null,
      collected_information: null,
      consent: null,
      consent_collection: null,
      created: s.created,
      currency: s.currency,
      custom_fields: [],
      custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
      customer: s.customer,
      customer_creation: null,
      customer_details: s.status === "complete" ? { address: null, email: s.customerEmail, name: null, phone: null, tax_exempt: "none", tax_ids: [] } : null,
      customer_email: null,
      discounts: [],
      expires_at: s.expiresAt,
      invoice: null,
      invoice_creation: null,
      livemode: false,
      locale: s.locale,
      metadata: meta(s.metadata),
      mode: s.mode,
      payment_intent: s.paymentIntent,
      payment_link: null,
      payment_method_collection: s.mode === "setup" ? "always" : null,
      payment_method_configuration_details: null,
      payment_method_options: s.cardCaptureOption ? { card: { capture_method: s.cardCaptureOption } } : {},
      payment_method_types: s.methodTypes,
      payment_status: s.paymentStatus,
      recovered_from: null,
      saved_payment_method_options: null,
      setup_intent: s.setupIntent,
      shipping_address_collection: null,
      shipping_cost: null,
      shipping_options: [],
      status: s.status,
      submit_type: null,
      subscription: null,
      success_url: s.successUrl,
      total_details: s.mode === "payment" ? { amount_discount: 0, amount_shipping: 0, amount_tax: 0 } : null,
      ui_mode: "hosted_page",
      url: s.status === "open" ? `${baseUrl}/checkout/pay/${s.id}` : null,
      wallet_options: null,
    };
  }

  function renderSetupIntent(si: SetupIntentRec): JsonObject {
    return {
      id: si.id,
      object: "setup_intent",
      allowed_payment_method_types: null,
      application: null,
      automatic_payment_methods: null,
      cancellation_reason: null,
      client_secret: `${si.id}_secret_${si.id.slice(5, 15)}`,
      created: si.created,
      customer: si.customer,
      description: si.description,
      excluded_payment_method_types: null,
      last_setup_error: si.lastSetupError,
      latest_attempt: si.latestAttempt,
      livemode: false,
      mandate: si.mandate,
      metadata: meta(si.metadata),
      next_action: null,
      on_behalf_of: null,
      payment_method: si.paymentMethod,
      payment_method_configuration_details: null,
      payment_method_options: {},
      payment_method_types: si.methodTypes,
      single_use_mandate: null,
      status: si.status,
      usage: "off_session",
    };
  }

  function renderSetupAttempt(a: SetupAttemptRec): JsonObject {
    return {
      id: a.id,
      object: "setup_attempt",
      application: null,
      created: a.created,
      customer: a.customer,
      flow_directions: null,
      livemode: false,
      on_behalf_of: null,
      payment_method: a.paymentMethod,
      payment_method_details: a.details,
      setup_error: a.setupError,
      setup_intent: a.setupIntent,
      status: a.status,
      usage: "off_session",
    };
  }

  function renderIntent(pi: PaymentIntentRec): JsonObject {
    return {
      id: pi.id,
      object: "payment_intent",
      allowed_payment_method_types: null,
      amount: pi.amount,
      amount_capturable: pi.amountCapturable,
      amount_details: { tip: {} },
      amount_received: pi.amountReceived,
      application: null,
      application_fee_amount: null,
      automatic_payment_methods: pi.session ? null : { allow_redirects: "always", enabled: true },
      canceled_at: pi.canceledAt,
      cancellation_reason: pi.cancellationReason,
      capture_method: pi.captureMethod,
      client_secret: `${pi.id}_secret_${pi.id.slice(3, 13)}`,
      confirmation_method: "automatic",
      created: pi.created,
      currency: pi.currency,
      customer: pi.customer,
      customer_account: null,
      description: pi.description,
      excluded_payment_method_types: null,
      last_payment_error: pi.lastPaymentError,
      latest_charge: pi.latestCharge,
      livemode: false,
      managed_payments: null,
      metadata: meta(pi.metadata),
      next_action: pi.nextAction,
      on_behalf_of: null,
      payment_method: pi.paymentMethod,
      payment_method_configuration_details: null,
      payment_method_options: {},
      payment_method_types: pi.paymentMethod ? [methods.get(pi.paymentMethod)?.type ?? "card"] : ["card"],
      payment_record: null,
      processing: null,
      receipt_email: null,
      review: null,
      setup_future_usage: pi.setupFutureUsage,
      shipping: null,
      source: null,
      statement_descriptor: null,
      statement_descriptor_suffix: null,
      status: pi.status,
      transfer_data: null,
      transfer_group: pi.transferGroup,
    };
  }

  function renderCharge(ch: ChargeRec): JsonObject {
    const details: JsonObject = { ...ch.details };
    const card = details.card;
    if (card && typeof card === "object" && !Array.isArray(card)) {
      details.card = { ...card, capture_before: ch.captureBefore };
    }
    const amountRefunded = ch.amountReleased + ch.amountRefundedByRefunds;
    return {
      id: ch.id,
      object: "charge",
      amount: ch.amount,
      amount_captured: ch.amountCaptured,
      amount_refunded: amountRefunded,
      application: null,
      application_fee: null,
      application_fee_amount: null,
      balance_transaction: ch.balanceTransaction,
      billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
      calculated_statement_descriptor: "BUURTKRACHT",
      captured: ch.captured,
      created: ch.created,
      currency: "eur",
      customer: ch.customer,
      description: ch.description,
      disputed: ch.disputed,
      failure_balance_transaction: null,
      failure_code: ch.failureCode,
      failure_message: ch.failureMessage,
      fraud_details: {},
      livemode: false,
      metadata: meta(ch.metadata),
      on_behalf_of: null,
      outcome:
        ch.status === "failed"
          ? {
              network_status: "declined_by_network",
              reason: ch.failureCode,
              risk_level: "normal",
              seller_message: "The bank did not return any further details with this decline.",
              type: "issuer_declined",
            }
          : { network_status: "approved_by_network", reason: null, risk_level: "normal", seller_message: "Payment complete.", type: "authorized" },
      paid: ch.status === "succeeded",
      payment_intent: ch.paymentIntent,
      payment_method: ch.paymentMethod,
      payment_method_details: details,
      receipt_email: null,
      receipt_number: null,
      receipt_url: null,
      refunded: ch.amountCaptured > 0 ? amountRefunded >= ch.amount : ch.amountReleased >= ch.amount,
      review: null,
      shipping: null,
      source: null,
      source_transfer: null,
      statement_descriptor: null,
      statement_descriptor_suffix: null,
      status: ch.status,
      transfer_data: null,
      transfer_group: null,
    };
  }

  function renderRefund(r: RefundRec): JsonObject {
    return {
      id: r.id,
      object: "refund",
      amount: r.amount,
      balance_transaction: r.balanceTransaction,
      charge: r.charge,
      created: r.created,
      currency: "eur",
      customer: charges.get(r.charge)?.customer ?? null,
      customer_account: null,
      destination_details: null,
      ...(r.failureReason ? { failure_reason: r.failureReason } : {}),
      metadata: meta(r.metadata),
      payment_intent: r.paymentIntent,
      payment_method: charges.get(r.charge)?.paymentMethod ?? null,
      reason: r.reason,
      receipt_number: null,
      source_transfer_reversal: null,
      status: r.status,
      transfer_reversal: null,
    };
  }

  function renderDispute(d: DisputeRec): JsonObject {
    return {
      id: d.id,
      object: "dispute",
      amount: d.amount,
      balance_transactions: d.balanceTransactions.map((id) => renderBalanceTxn(balanceTxns.get(id) as BalanceTxnRec)),
      charge: d.charge,
      created: d.created,
      currency: "eur",
      enhanced_eligibility_types: [],
      evidence: { uncategorized_text: d.evidenceText },
      evidence_details: { due_by: d.created + 21 * 86_400, has_evidence: d.evidenceText !== null, past_due: false, submission_count: d.evidenceText ? 1 : 0 },
      intended_submission_method: null,
      is_charge_refundable: false,
      livemode: false,
      metadata: meta(d.metadata),
      payment_intent: d.paymentIntent,
      reason: d.reason,
      status: d.status,
    };
  }

  function renderMandate(m: MandateRec): JsonObject {
    return {
      id: m.id,
      object: "mandate",
      customer_acceptance: { accepted_at: m.created, online: { ip_address: "127.0.0.1", user_agent: "fake-stripe" }, type: "online" },
      livemode: false,
      multi_use: {},
      payment_method: m.paymentMethod,
      payment_method_details: { sepa_debit: { reference: m.reference, url: `${baseUrl}/mandates/${m.id}` }, type: "sepa_debit" },
      status: "active",
      type: "multi_use",
    };
  }

  function renderAccount(a: AccountRec): JsonObject {
    const status = a.onboarded ? "active" : "inactive";
    const due = a.onboarded ? [] : ["business_type", "external_account", "tos_acceptance.date", "tos_acceptance.ip"];
    return {
      id: a.id,
      object: "account",
      business_profile: { mcc: null, name: null, url: null },
      business_type: a.businessType,
      capabilities: Object.fromEntries(a.requested.map((c) => [c, status])),
      charges_enabled: a.onboarded,
      controller: {
        fees: { payer: "application" },
        is_controller: true,
        losses: { payments: "application" },
        requirement_collection: "stripe",
        stripe_dashboard: { type: "express" },
        type: "application",
      },
      country: a.country,
      created: a.created,
      default_currency: "eur",
      details_submitted: a.onboarded,
      email: a.email,
      livemode: false,
      metadata: meta(a.metadata),
      payouts_enabled: a.onboarded,
      settings: { payouts: { schedule: { interval: a.payoutInterval } } },
      // Express onboarding collects the bank account (Stripe's NL test IBAN NL39RABO0300065264).
      external_accounts: {
        object: "list",
        data: a.onboarded
          ? [
              {
                id: `ba_${a.id.slice(5)}`,
                object: "bank_account",
                account: a.id,
                bank_name: "RABOBANK",
                country: "NL",
                currency: "eur",
                last4: "5264",
                status: "new",
              },
            ]
          : [],
        has_more: false,
        url: `/v1/accounts/${a.id}/external_accounts`,
      },
      requirements: {
        currently_due: due,
        disabled_reason: a.onboarded ? null : "requirements.past_due",
        eventually_due: due,
        past_due: due,
        pending_verification: [],
      },
      type: a.type,
    };
  }

  function renderTransfer(t: TransferRec): JsonObject {
    return {
      id: t.id,
      object: "transfer",
      amount: t.amount,
      amount_reversed: t.amountReversed,
      balance_transaction: t.balanceTransaction,
      created: t.created,
      currency: t.currency,
      description: t.description,
      destination: t.destination,
      destination_payment: t.destinationPayment,
      livemode: false,
      metadata: meta(t.metadata),
      reversals: { object: "list", data: [], has_more: false, url: `/v1/transfers/${t.id}/reversals` },
      reversed: t.amountReversed >= t.amount,
      source_transaction: t.sourceTransaction,
      source_type: "card",
      transfer_group: t.transferGroup,
    };
  }

  function renderPayout(po: PayoutRec): JsonObject {
    return {
      id: po.id,
      object: "payout",
      amount: po.amount,
      arrival_date: po.created + 2 * 86_400,
      automatic: false,
      created: po.created,
      currency: po.currency,
      description: po.description,
      destination: `ba_${po.account.slice(5)}`,
      failure_code: po.failureCode,
      failure_message: po.failureCode ? "The bank account has been closed." : null,
      livemode: false,
      metadata: meta(po.metadata),
      method: "standard",
      source_type: "card",
      statement_descriptor: null,
      status: po.status,
      type: "bank_account",
    };
  }

  /** What a connected account holds: transfers in, payouts out (failed ones came back). */
  function connectedBalance(accountId: string): number {
    let balance = 0;
    for (const t of transfers.values()) if (t.destination === accountId) balance += t.amount - t.amountReversed;
    for (const po of payouts.values()) if (po.account === accountId && po.status !== "failed") balance -= po.amount;
    return balance;
  }

  function renderBalanceTxn(b: BalanceTxnRec): JsonObject {
    return {
      id: b.id,
      object: "balance_transaction",
      amount: b.amount,
      available_on: b.created + 7 * 86_400,
      created: b.created,
      currency: b.currency,
      description: b.description,
      exchange_rate: null,
      fee: b.fee,
      fee_details: b.fee
        ? [{ amount: b.fee, application: null, currency: b.currency, description: b.feeDescription ?? "Stripe processing fees", type: "stripe_fee" }]
        : [],
      net: b.amount - b.fee,
      reporting_category: b.reportingCategory,
      source: b.source,
      status: "pending",
      type: b.type,
    };
  }

  /** Any object by id, for expansion and control.object. */
  function render(objectId: string): JsonObject | null {
    const c = customers.get(objectId);
    if (c) return renderCustomer(c);
    const pm = methods.get(objectId);
    if (pm) return renderMethod(pm);
    const cs = sessions.get(objectId);
    if (cs) return renderSession(cs);
    const si = setupIntents.get(objectId);
    if (si) return renderSetupIntent(si);
    const sa = setupAttempts.get(objectId);
    if (sa) return renderSetupAttempt(sa);
    const pi = intents.get(objectId);
    if (pi) return renderIntent(pi);
    const ch = charges.get(objectId);
    if (ch) return renderCharge(ch);
    const re = refunds.get(objectId);
    if (re) return renderRefund(re);
    const dp = disputes.get(objectId);
    if (dp) return renderDispute(dp);
    const md = mandates.get(objectId);
    if (md) return renderMandate(md);
    const ac = accounts.get(objectId);
    if (ac) return renderAccount(ac);
    const tr = transfers.get(objectId);
    if (tr) return renderTransfer(tr);
    const po = payouts.get(objectId);
    if (po) return renderPayout(po);
    const bt = balanceTxns.get(objectId);
    if (bt) return renderBalanceTxn(bt);
    return null;
  }

  /**
   * Stripe's `expand[]`: each path names a field holding an id ("latest_charge",
   * "setup_intent.latest_attempt", "data.sepa_debit.generated_from.setup_attempt" on lists);
   * the id is replaced by the object. A null field stays null; a non-id field cannot be expanded.
   */
  function expand(value: JsonObject, paths: string[]): JsonObject {
    const root: JsonObject = JSON.parse(JSON.stringify(value));
    for (const path of paths) {
      if (path.split(".").length > 4) throw invalidParam(`You cannot expand more than 4 levels of a property. Property: ${path}`, "expand");
      expandPath(root, path.split("."), path);
    }
    return root;
  }

  function expandPath(node: Json, segments: string[], full: string): void {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const item of node) expandPath(item, segments, full);
      return;
    }
    const [head, ...rest] = segments;
    if (head === undefined || !(head in node)) {
      // A field this object does not have (e.g. sepa_debit on a card): Stripe skips it.
      return;
    }
    const value = node[head] as Json;
    if (rest.length === 0 || (head === "data" && Array.isArray(value))) {
      if (head === "data" && Array.isArray(value)) {
        for (const item of value) expandPath(item, rest, full);
        return;
      }
      if (value === null) return;
      if (typeof value === "string") {
        const rendered = render(value);
        if (!rendered) throw invalidParam(`This property cannot be expanded (${full}).`, "expand");
        node[head] = rendered;
        return;
      }
      if (typeof value === "object" && !Array.isArray(value) && typeof value.id === "string") return;
      throw invalidParam(`This property cannot be expanded (${full}).`, "expand");
    }
    if (typeof value === "string") {
      const rendered = render(value);
      if (!rendered) throw invalidParam(`This property cannot be expanded (${full}).`, "expand");
      node[head] = rendered;
      expandPath(rendered, rest, full);
      return;
    }
    expandPath(value, rest, full);
  }

  function listOf<T extends { id: string; seq: number }>(items: Iterable<T>, params: Params, path: string, renderer: (t: T) => JsonObject): JsonObject {
    const limit = int(params, "limit") ?? 10;
    if (limit < 1 || limit > 100) throw invalidParam("Invalid limit: must be between 1 and 100", "limit");
    const sorted = [...items].sort((a, b) => b.seq - a.seq);
    const after = str(params, "starting_after");
    let start = 0;
    if (after) {
      const index = sorted.findIndex((t) => t.id === after);
      if (index < 0) throw missing("object", after, "starting_after", 400);
      start = index + 1;
    }
    const page = sorted.slice(start, start + limit);
    return { object: "list", data: page.map(renderer), has_more: start + limit < sorted.length, url: path };
  }

  // Events ---------------------------------------------------------------------------------

  function emit(type: string, objectJson: JsonObject, previous?: JsonObject, account?: string): void {
    const id = randomId("evt_");
    const json: JsonObject = {
      id,
      object: "event",
      api_version: API_VERSION,
      // Connect: events that happen on a connected account name it.
      ...(account ? { account } : {}),
      created: now(),
      data: { object: objectJson, ...(previous ? { previous_attributes: previous } : {}) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: currentRequest.id, idempotency_key: currentRequest.idempotencyKey },
      type,
    };
    const event = { id, type, created: now(), json };
    events.push(event);
    pendingEvents.push(event);
  }

  const emitIntent = (type: string, pi: PaymentIntentRec) => emit(type, renderIntent(pi));
  const emitCharge = (type: string, ch: ChargeRec) => emit(type, renderCharge(ch));

  function sign(payload: string, secret = webhookSecret, timestamp = Math.floor(Date.now() / 1000)): string {
    // Stripe's v1 scheme: HMAC-SHA256 over "{timestamp}.{payload}" with the endpoint secret. The
    // timestamp is the real time of delivery (the fake clock may be days ahead), as with Stripe.
    const signature = createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
    return `t=${timestamp},v1=${signature}`;
  }

  // Objects --------------------------------------------------------------------------------

  function requireCustomer(id: string | undefined, param: string, status = 400): CustomerRec | null {
    if (id === undefined || id === "") return null;
    const c = customers.get(id);
    if (!c) throw missing("customer", id, param, status);
    return c;
  }

  function newCardMethod(card: FakeTestCard, billing: { email: string | null; name: string | null }): PaymentMethodRec {
    const pm: PaymentMethodRec = {
      id: randomId("pm_"),
      seq: next(),
      created: now(),
      type: "card",
      customer: null,
      spent: false,
      metadata: {},
      billing,
      card: { card, expMonth: 12, expYear: new Date(clockMs).getUTCFullYear() + 3, setUpForOffSession: false },
    };
    methods.set(pm.id, pm);
    return pm;
  }

  /** A method id from a request: an existing PaymentMethod, or a test token that makes a new one. */
  function resolveMethod(id: string, param: string): PaymentMethodRec {
    const existing = methods.get(id);
    if (existing) return existing;
    const card = findFakeCard(id);
    if (card && id.startsWith("pm_card_")) return newCardMethod(card, { email: null, name: null });
    throw missing("PaymentMethod", id, param, 400);
  }

  function cardDecline(decline: FakeDecline, extra: JsonObject = {}): ErrorObject {
    return {
      type: "card_error",
      code: decline.code,
      decline_code: decline.declineCode,
      message: decline.message,
      doc_url: `https://docs.stripe.com/error-codes/${decline.code.replace(/_/g, "-")}`,
      ...extra,
    };
  }

  function attach(pm: PaymentMethodRec, customer: CustomerRec): void {
    pm.customer = customer.id;
    emit("payment_method.attached", renderMethod(pm));
  }

  function newBalanceTxn(
    input: Omit<BalanceTxnRec, "id" | "seq" | "created" | "currency" | "feeDescription"> & { feeDescription?: string | null },
  ): BalanceTxnRec {
    const b: BalanceTxnRec = { id: randomId("txn_"), seq: next(), created: now(), currency: "eur", feeDescription: input.feeDescription ?? null, ...input };
    balanceTxns.set(b.id, b);
    return b;
  }

  function chargeBalance(ch: ChargeRec, amount: number): string {
    const kind = feeKind(ch.methodType, ch.cardCountry);
    const b = newBalanceTxn({
      amount,
      fee: feeCents(kind, amount),
      feeDescription: `Stripe processing fees (${FEE_TABLE[kind].description})`,
      type: ch.methodType === "card" ? "charge" : "payment",
      reportingCategory: "charge",
      source: ch.id,
      description: ch.description,
    });
    return b.id;
  }

  function methodDetails(pm: PaymentMethodRec, pi: PaymentIntentRec): JsonObject {
    if (pm.card) {
      const d = pm.card;
      return {
        type: "card",
        card: {
          brand: d.card.brand,
          checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
          country: d.card.country,
          exp_month: d.expMonth,
          exp_year: d.expYear,
          fingerprint: `fp${d.card.number.slice(-8)}`,
          funding: d.card.funding,
          last4: d.card.number.slice(-4),
          wallet: null,
          amount_authorized: pi.amount,
          authorization_code: null,
          mandate: null,
          network: pm.card.card.brand,
          network_token: { used: false },
          three_d_secure: null,
        },
      };
    }
    if (pm.sepa) {
      const mandate = [...mandates.values()].find((m) => m.paymentMethod === pm.id);
      return {
        type: "sepa_debit",
        sepa_debit: {
          bank_code: pm.sepa.bankCode,
          branch_code: "",
          country: pm.sepa.country,
          fingerprint: pm.sepa.fingerprint,
          last4: pm.sepa.last4,
          mandate: mandate?.id ?? null,
        },
      };
    }
    const bank = pm.ideal?.bank ?? "ing";
    return {
      type: "ideal",
      ideal: {
        bank,
        bic: pm.ideal?.bic ?? null,
        generated_sepa_debit: null,
        generated_sepa_debit_mandate: null,
        iban_last4: fakeIdealBanks[bank]?.ibanLast4 ?? "0000",
        transaction_id: randomId("", 10),
        verified_name: pm.billing.name ?? "Jenny Rosen",
      },
    };
  }

  function newCharge(pi: PaymentIntentRec, pm: PaymentMethodRec, status: ChargeRec["status"], failure?: { code: string; message: string }): ChargeRec {
    const ch: ChargeRec = {
      id: randomId(pm.type === "card" ? "ch_" : "py_"),
      seq: next(),
      created: now(),
      amount: pi.amount,
      amountCaptured: 0,
      amountReleased: 0,
      amountRefundedByRefunds: 0,
      captured: false,
      status,
      paymentIntent: pi.id,
      customer: pi.customer,
      description: pi.description,
      metadata: { ...pi.metadata },
      paymentMethod: pm.id,
      details: methodDetails(pm, pi),
      methodType: pm.type,
      cardCountry: pm.card?.card.country ?? null,
      balanceTransaction: null,
      failureCode: failure?.code ?? null,
      failureMessage: failure?.message ?? null,
      disputed: false,
      captureBefore: null,
    };
    charges.set(ch.id, ch);
    pi.latestCharge = ch.id;
    return ch;
  }

  /** The generated SEPA method (and its mandate) that an iDEAL setup or saved iDEAL payment leaves. */
  function generateSepa(
    idealPm: PaymentMethodRec,
    customer: string | null,
    from: { charge?: string; setupAttempt?: string },
  ): { pm: PaymentMethodRec; mandate: MandateRec } {
    const bank = idealPm.ideal?.bank ?? "ing";
    const info = fakeIdealBanks[bank] ?? { bic: "INGBNL2A", bankCode: "INGB", ibanLast4: "3000" };
    const pm: PaymentMethodRec = {
      id: randomId("pm_"),
      seq: next(),
      created: now(),
      type: "sepa_debit",
      customer: null,
      spent: false,
      metadata: {},
      billing: { ...idealPm.billing },
      sepa: {
        bankCode: info.bankCode,
        country: "NL",
        last4: info.ibanLast4,
        fingerprint: `fp${info.bankCode}${info.ibanLast4}`,
        charge: from.charge ?? null,
        setupAttempt: from.setupAttempt ?? null,
        outcome: sepaOutcomeForEmail(idealPm.billing.email),
      },
    };
    methods.set(pm.id, pm);
    const mandate: MandateRec = { id: randomId("mandate_"), seq: next(), created: now(), paymentMethod: pm.id, reference: randomId("", 16).toUpperCase() };
    mandates.set(mandate.id, mandate);
    const c = customer ? customers.get(customer) : undefined;
    if (c) attach(pm, c);
    return { pm, mandate };
  }

  function openDispute(ch: ChargeRec, reason: string): DisputeRec {
    const withdrawal = newBalanceTxn({
      amount: -ch.amount,
      fee: 0,
      type: "adjustment",
      reportingCategory: "dispute",
      source: ch.id,
      description: `Chargeback withdrawal for ${ch.id}`,
    });
    const d: DisputeRec = {
      id: randomId("dp_"),
      seq: next(),
      created: now(),
      amount: ch.amount,
      charge: ch.id,
      paymentIntent: ch.paymentIntent,
      reason,
      status: "needs_response",
      metadata: {},
      evidenceText: null,
      balanceTransactions: [withdrawal.id],
    };
    disputes.set(d.id, d);
    ch.disputed = true;
    emit("charge.dispute.created", renderDispute(d));
    emit("charge.dispute.funds_withdrawn", renderDispute(d));
    return d;
  }

  function closeDisputeRec(d: DisputeRec, outcome: "won" | "lost"): void {
    if (d.status === "won" || d.status === "lost") throw stateError(`This dispute is already closed.`, "dispute_already_closed");
    d.status = outcome;
    if (outcome === "won") {
      const back = newBalanceTxn({
        amount: d.amount,
        fee: 0,
        type: "adjustment",
        reportingCategory: "dispute_reversal",
        source: d.charge,
        description: `Chargeback reversal for ${d.charge}`,
      });
      d.balanceTransactions.push(back.id);
      emit("charge.dispute.funds_reinstated", renderDispute(d));
    }
    emit("charge.dispute.closed", renderDispute(d));
  }

  // Payment confirmation ------------------------------------------------------------------

  function succeedCard(pi: PaymentIntentRec, pm: PaymentMethodRec, ch?: ChargeRec): void {
    const charge = ch ?? newCharge(pi, pm, "succeeded");
    charge.status = "succeeded";
    pi.lastPaymentError = null;
    pi.nextAction = null;
    if (pi.captureMethod === "manual") {
      pi.status = "requires_capture";
      pi.amountCapturable = pi.amount;
      charge.captureBefore = now() + HOLD_SECONDS;
      emitCharge("charge.succeeded", charge);
      emitIntent("payment_intent.amount_capturable_updated", pi);
    } else {
      pi.status = "succeeded";
      pi.amountReceived = pi.amount;
      charge.captured = true;
      charge.amountCaptured = pi.amount;
      charge.balanceTransaction = chargeBalance(charge, pi.amount);
      emitCharge("charge.succeeded", charge);
      emitIntent("payment_intent.succeeded", pi);
    }
    saveAfterPayment(pi, pm, charge);
    if (pm.card?.card.behaviour === "disputes" && pi.captureMethod === "automatic") openDispute(charge, "fraudulent");
  }

  /** setup_future_usage: the method is attached to the customer once the payment worked. */
  function saveAfterPayment(pi: PaymentIntentRec, pm: PaymentMethodRec, charge: ChargeRec): string | null {
    if (!pi.setupFutureUsage || !pi.customer) return null;
    const customer = customers.get(pi.customer);
    if (!customer) return null;
    if (pm.type === "ideal") {
      const generated = generateSepa(pm, customer.id, { charge: charge.id });
      const ideal = charge.details.ideal as JsonObject;
      charge.details = { ...charge.details, ideal: { ...ideal, generated_sepa_debit: generated.pm.id, generated_sepa_debit_mandate: generated.mandate.id } };
      return generated.pm.id;
    }
    if (pm.card && pi.setupFutureUsage === "off_session") pm.card.setUpForOffSession = true;
    if (pm.customer !== customer.id) attach(pm, customer);
    return pm.id;
  }

  function failIntent(pi: PaymentIntentRec, error: ErrorObject): void {
    pi.status = "requires_payment_method";
    pi.lastPaymentError = error;
    pi.nextAction = null;
    emitIntent("payment_intent.payment_failed", pi);
  }

  /**
   * Confirms a PaymentIntent with its method, like Stripe: a card follows its test-card behaviour
   * (or an injected decline/authentication); SEPA goes `processing` until its bank settles it
   * (runDue); iDEAL and on-session 3-D Secure redirect (completeAuthentication).
   * Returns the error for a 402 (the decline is on the PaymentIntent too).
   */
  function confirm(pi: PaymentIntentRec, pm: PaymentMethodRec, offSession: boolean): ErrorObject | null {
    pi.paymentMethod = pm.id;
    if (!pm.customer) pm.spent = true;
    if (pm.type === "sepa_debit" && pm.sepa) {
      const ch = newCharge(pi, pm, "pending");
      pi.status = "processing";
      pi.settle = { dueAt: now() + (pm.sepa.outcome.delayed ? SEPA_DELAY_SECONDS : 0), outcome: pm.sepa.outcome };
      emitCharge("charge.pending", ch);
      emitIntent("payment_intent.processing", pi);
      return null;
    }
    if (pm.type === "ideal") {
      if (offSession) throw invalidParam("iDEAL requires the customer: it cannot be confirmed off-session.", "off_session");
      redirect(pi);
      return null;
    }
    const card = pm.card as CardDetails;
    let outcome: CardOutcome = fakeCardOutcome(card.card, offSession ? "off_session" : "on_session", card.setUpForOffSession);
    if (nextDecline) {
      outcome = { kind: "decline", decline: nextDecline };
      nextDecline = null;
    } else if (nextAuthentication) {
      outcome = { kind: "authenticate" };
      nextAuthentication = false;
    }
    if (outcome.kind === "succeed") {
      succeedCard(pi, pm);
      return null;
    }
    if (outcome.kind === "authenticate" && !offSession) {
      redirect(pi);
      return null;
    }
    // A decline, or authentication the absent customer cannot give: a failed charge and a 402.
    const decline = outcome.kind === "decline" ? outcome.decline : authenticationRequired;
    const ch = newCharge(pi, pm, "failed", { code: decline.code, message: decline.message });
    const error = cardDecline(decline, { charge: ch.id, payment_method: renderMethod(pm) });
    emitCharge("charge.failed", ch);
    failIntent(pi, error);
    return error;
  }

  function redirect(pi: PaymentIntentRec): void {
    pi.status = "requires_action";
    pi.lastPaymentError = null;
    pi.nextAction = pi.returnUrl
      ? { type: "redirect_to_url", redirect_to_url: { return_url: pi.returnUrl, url: `${baseUrl}/authenticate/${pi.id}` } }
      : { type: "use_stripe_sdk", use_stripe_sdk: { type: "three_d_secure_redirect", stripe_js: `${baseUrl}/authenticate/${pi.id}` } };
    emitIntent("payment_intent.requires_action", pi);
  }

  function completeAuthentication(piId: string, approve: boolean): { redirectTo: string } {
    const pi = intents.get(piId);
    if (!pi || pi.status !== "requires_action" || !pi.paymentMethod) throw new Error(`fake-stripe: ${piId} is not waiting for authentication`);
    const pm = methods.get(pi.paymentMethod) as PaymentMethodRec;
    const returnUrl = pi.returnUrl ?? `${baseUrl}/authenticated`;
    if (approve) {
      if (pm.type === "ideal") succeedIdeal(pi, pm);
      else succeedCard(pi, pm);
    } else {
      failIntent(pi, {
        type: "invalid_request_error",
        code: "payment_intent_authentication_failure",
        message:
          "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.",
        payment_method: renderMethod(pm),
      });
    }
    const url = new URL(returnUrl);
    url.searchParams.set("payment_intent", pi.id);
    url.searchParams.set("redirect_status", approve ? "succeeded" : "failed");
    return { redirectTo: url.toString() };
  }

  function succeedIdeal(pi: PaymentIntentRec, pm: PaymentMethodRec): void {
    const ch = newCharge(pi, pm, "succeeded");
    ch.captured = true;
    ch.amountCaptured = pi.amount;
    ch.balanceTransaction = chargeBalance(ch, pi.amount);
    pi.status = "succeeded";
    pi.amountReceived = pi.amount;
    pi.nextAction = null;
    pi.lastPaymentError = null;
    saveAfterPayment(pi, pm, ch);
    emitCharge("charge.succeeded", ch);
    emitIntent("payment_intent.succeeded", pi);
  }

  function settleDebit(pi: PaymentIntentRec): void {
    const settle = pi.settle;
    const ch = pi.latestCharge ? charges.get(pi.latestCharge) : undefined;
    if (!settle || !ch) return;
    pi.settle = null;
    if (settle.outcome.succeeds) {
      ch.status = "succeeded";
      ch.captured = true;
      ch.amountCaptured = pi.amount;
      ch.balanceTransaction = chargeBalance(ch, pi.amount);
      pi.status = "succeeded";
      pi.amountReceived = pi.amount;
      emitCharge("charge.succeeded", ch);
      emitIntent("payment_intent.succeeded", pi);
      if (settle.outcome.disputed) openDispute(ch, "general");
    } else {
      const code = settle.outcome.failureCode ?? "generic_could_not_process";
      const message =
        code === "insufficient_funds"
          ? "The customer's account has insufficient funds to cover this payment."
          : "The payment could not be processed by the customer's bank.";
      ch.status = "failed";
      ch.failureCode = code;
      ch.failureMessage = message;
      emitCharge("charge.failed", ch);
      failIntent(pi, { type: "card_error", code, message, charge: ch.id, payment_method: renderMethod(methods.get(ch.paymentMethod) as PaymentMethodRec) });
    }
  }

  function expireHold(pi: PaymentIntentRec): void {
    const ch = pi.latestCharge ? charges.get(pi.latestCharge) : undefined;
    pi.status = "canceled";
    pi.cancellationReason = "automatic";
    pi.canceledAt = now();
    if (ch) {
      ch.amountReleased = pi.amountCapturable;
      emitCharge("charge.expired", ch);
    }
    pi.amountCapturable = 0;
    emitIntent("payment_intent.canceled", pi);
  }

  function runDue(): void {
    const t = now();
    for (const pi of intents.values()) {
      if (pi.status === "processing" && pi.settle && pi.settle.dueAt <= t) settleDebit(pi);
      const ch = pi.latestCharge ? charges.get(pi.latestCharge) : undefined;
      if (pi.status === "requires_capture" && ch?.captureBefore && ch.captureBefore <= t) expireHold(pi);
    }
    for (const r of refunds.values()) {
      if (r.dueAt !== null && r.dueAt <= t) {
        r.dueAt = null;
        const ch = charges.get(r.charge) as ChargeRec;
        if (r.failsLater) {
          // pm_card_refundFail: "succeeded" first, then failed; the money comes back to the balance.
          r.status = "failed";
          r.failureReason = "expired_or_canceled_card";
          ch.amountRefundedByRefunds -= r.amount;
          emit("refund.failed", renderRefund(r));
          emit("charge.refund.updated", renderRefund(r));
        } else {
          r.status = "succeeded";
          r.balanceTransaction = newBalanceTxn({ amount: -r.amount, fee: 0, type: "refund", reportingCategory: "refund", source: r.id, description: null }).id;
          emit("refund.updated", renderRefund(r));
          emit("charge.refund.updated", renderRefund(r));
        }
      }
    }
    for (const s of sessions.values()) {
      if (s.status === "open" && s.expiresAt <= t) expireSession(s);
    }
  }

  function expireSession(s: SessionRec): void {
    s.status = "expired";
    const pi = s.paymentIntent ? intents.get(s.paymentIntent) : undefined;
    if (pi && (pi.status === "requires_payment_method" || pi.status === "requires_action")) {
      pi.status = "canceled";
      pi.cancellationReason = "abandoned";
      pi.canceledAt = now();
      emitIntent("payment_intent.canceled", pi);
    }
    emit("checkout.session.expired", renderSession(s));
  }

  // Hosted Checkout (what the customer does there) ----------------------------------------

  function sessionIntent(s: SessionRec, customerEmail: string | null): PaymentIntentRec {
    if (s.paymentIntent) return intents.get(s.paymentIntent) as PaymentIntentRec;
    // Checkout creates the PaymentIntent when the customer first submits (API versions ≥ 2022-08-01).
    const pi: PaymentIntentRec = {
      id: randomId("pi_"),
      seq: next(),
      created: now(),
      amount: s.amountTotal ?? 0,
      amountCapturable: 0,
      amountReceived: 0,
      currency: s.currency ?? "eur",
      customer: s.customer,
      description: s.pi.description,
      metadata: { ...s.pi.metadata },
      captureMethod: s.pi.captureMethod,
      status: "requires_payment_method",
      paymentMethod: null,
      latestCharge: null,
      lastPaymentError: null,
      nextAction: null,
      cancellationReason: null,
      canceledAt: null,
      setupFutureUsage: s.pi.setupFutureUsage,
      returnUrl: `${baseUrl}/checkout/pay/${s.id}`,
      session: s.id,
      transferGroup: null,
      settle: null,
    };
    intents.set(pi.id, pi);
    s.paymentIntent = pi.id;
    s.customerEmail = customerEmail;
    emitIntent("payment_intent.created", pi);
    return pi;
  }

  function sessionSetupIntent(s: SessionRec): SetupIntentRec {
    if (s.setupIntent) return setupIntents.get(s.setupIntent) as SetupIntentRec;
    const si: SetupIntentRec = {
      id: randomId("seti_"),
      seq: next(),
      created: now(),
      customer: s.customer,
      metadata: { ...s.si.metadata },
      description: s.si.description,
      status: "requires_payment_method",
      paymentMethod: null,
      latestAttempt: null,
      mandate: null,
      lastSetupError: null,
      methodTypes: s.methodTypes,
    };
    setupIntents.set(si.id, si);
    s.setupIntent = si.id;
    emit("setup_intent.created", renderSetupIntent(si));
    return si;
  }

  function completeSession(s: SessionRec, paid: boolean): void {
    s.status = "complete";
    s.paymentStatus = s.mode === "setup" ? "no_payment_required" : paid ? "paid" : "unpaid";
    emit("checkout.session.completed", renderSession(s));
  }

  function completeCheckout(sessionId: string, choice: CheckoutChoice): CheckoutOutcome {
    const s = sessions.get(sessionId);
    if (!s) throw new Error(`fake-stripe: no session ${sessionId}`);
    if (s.status !== "open") throw new Error(`fake-stripe: session ${sessionId} is ${s.status}`);
    if (s.expiresAt <= now()) {
      expireSession(s);
      throw new Error(`fake-stripe: session ${sessionId} has expired`);
    }
    const customer = s.customer ? (customers.get(s.customer) ?? null) : null;
    const result = (status: "complete" | "open", paymentMethodId: string | null, error: CheckoutOutcome["error"] = null): CheckoutOutcome => ({
      status,
      sessionId: s.id,
      setupIntentId: s.setupIntent,
      paymentIntentId: s.paymentIntent,
      paymentMethodId,
      error,
    });
    const useCard = "card" in choice;
    const type = useCard ? "card" : "ideal";
    if (!s.methodTypes.includes(type)) throw new Error(`fake-stripe: ${type} is not offered on session ${sessionId}`);
    const email = (useCard ? choice.email : choice.ideal.email) ?? customer?.email ?? null;
    let pm: PaymentMethodRec;
    let card: FakeTestCard | null = null;
    if (useCard) {
      card = findFakeCard(choice.card);
      if (!card) throw new Error(`fake-stripe: ${choice.card} is not one of the fake's test cards`);
      pm = newCardMethod(card, { email, name: customer?.name ?? null });
    } else {
      const bank = choice.ideal.bank ?? "ing";
      const info = fakeIdealBanks[bank];
      if (!info) throw new Error(`fake-stripe: unknown iDEAL bank ${bank}`);
      pm = {
        id: randomId("pm_"),
        seq: next(),
        created: now(),
        type: "ideal",
        customer: null,
        spent: false,
        metadata: {},
        billing: { email, name: customer?.name ?? "Jenny Rosen" },
        ideal: { bank, bic: info.bic },
      };
      methods.set(pm.id, pm);
    }

    if (s.mode === "setup") {
      const si = sessionSetupIntent(s);
      si.paymentMethod = pm.id;
      const attempt: SetupAttemptRec = {
        id: randomId("setatt_"),
        seq: next(),
        created: now(),
        setupIntent: si.id,
        customer: si.customer,
        paymentMethod: pm.id,
        status: "succeeded",
        details: { type },
        setupError: null,
      };
      setupAttempts.set(attempt.id, attempt);
      si.latestAttempt = attempt.id;
      if (card && pm.card) {
        const outcome = fakeCardOutcome(card, "setup", false);
        const authenticated = outcome.kind === "authenticate" && "card" in choice && choice.authenticate !== false && choice.authenticate !== "leave";
        if (outcome.kind === "succeed" || authenticated) {
          pm.card.setUpForOffSession = true;
          attempt.details = {
            type: "card",
            card: {
              brand: card.brand,
              checks: { cvc_check: "pass" },
              country: card.country,
              exp_month: pm.card.expMonth,
              exp_year: pm.card.expYear,
              fingerprint: `fp${card.number.slice(-8)}`,
              funding: card.funding,
              last4: card.number.slice(-4),
              network: card.brand,
              three_d_secure: authenticated ? { authentication_flow: "challenge", result: "authenticated", version: "2.2.0" } : null,
              wallet: null,
            },
          };
          si.status = "succeeded";
          si.lastSetupError = null;
          if (customer) attach(pm, customer);
          emit("setup_intent.succeeded", renderSetupIntent(si));
          completeSession(s, false);
          return result("complete", pm.id);
        }
        const error: ErrorObject =
          outcome.kind === "decline"
            ? cardDecline(outcome.decline, { payment_method: renderMethod(pm) })
            : {
                type: "invalid_request_error",
                code: "setup_intent_authentication_failure",
                message: "The latest attempt to set up the payment method has failed because authentication failed.",
                payment_method: renderMethod(pm),
              };
        attempt.status = "failed";
        attempt.setupError = error;
        si.status = "requires_payment_method";
        si.lastSetupError = error;
        pm.spent = true;
        emit("setup_intent.setup_failed", renderSetupIntent(si));
        return result("open", null, { code: String(error.code), declineCode: typeof error.decline_code === "string" ? error.decline_code : null });
      }
      // iDEAL: the customer approves at the bank; Stripe keeps a SEPA Direct Debit mandate.
      const generated = generateSepa(pm, si.customer, { setupAttempt: attempt.id });
      const info = fakeIdealBanks[pm.ideal?.bank ?? "ing"];
      attempt.details = {
        type: "ideal",
        ideal: {
          bank: pm.ideal?.bank ?? null,
          bic: pm.ideal?.bic ?? null,
          generated_sepa_debit: generated.pm.id,
          generated_sepa_debit_mandate: generated.mandate.id,
          iban_last4: info?.ibanLast4 ?? null,
          verified_name: pm.billing.name,
        },
      };
      si.status = "succeeded";
      si.mandate = generated.mandate.id;
      emit("setup_intent.succeeded", renderSetupIntent(si));
      completeSession(s, false);
      return result("complete", generated.pm.id);
    }

    // Payment mode.
    const pi = sessionIntent(s, email);
    pi.paymentMethod = pm.id;
    if (pm.type === "ideal") {
      succeedIdeal(pi, pm);
      completeSession(s, true);
      return result("complete", savedMethodOfIntent(pi));
    }
    const error = confirm(pi, pm, false);
    if (pi.status === "requires_action") {
      if ("card" in choice && choice.authenticate === "leave") return result("open", null);
      if ("card" in choice && choice.authenticate === false) {
        completeAuthentication(pi.id, false);
        return result("open", null, { code: "payment_intent_authentication_failure", declineCode: null });
      }
      completeAuthentication(pi.id, true);
    }
    if (error || pi.status === "requires_payment_method") {
      const e = pi.lastPaymentError;
      return result("open", null, { code: String(e?.code ?? "card_declined"), declineCode: typeof e?.decline_code === "string" ? e.decline_code : null });
    }
    completeSession(s, pi.status === "succeeded");
    return result("complete", savedMethodOfIntent(pi));
  }

  function savedMethodOfIntent(pi: PaymentIntentRec): string | null {
    if (!pi.setupFutureUsage || !pi.latestCharge) return null;
    const ch = charges.get(pi.latestCharge) as ChargeRec;
    const ideal = ch.details.ideal;
    if (ideal && typeof ideal === "object" && !Array.isArray(ideal) && typeof ideal.generated_sepa_debit === "string") return ideal.generated_sepa_debit;
    return pi.paymentMethod;
  }

  // Endpoints ------------------------------------------------------------------------------

  interface Ctx {
    params: Params;
    query: Params;
    m: string[];
    /** The Stripe-Account header (a request on a connected account). */
    account: string | null;
  }
  type Handler = (ctx: Ctx) => JsonObject | { status: number; body: JsonObject };
  const routes: [string, RegExp, Handler][] = [];
  const route = (method: string, pattern: string, handler: Handler) => routes.push([method, new RegExp(`^${pattern.replace(/:(\w+)/g, "([^/]+)")}$`), handler]);
  const id = (ctx: Ctx) => decodeURIComponent(ctx.m[1] ?? "");

  // Customers
  route("POST", "/v1/customers", ({ params }) => {
    const c: CustomerRec = {
      id: randomId("cus_", 14),
      seq: next(),
      created: now(),
      email: str(params, "email") ?? null,
      name: str(params, "name") ?? null,
      description: str(params, "description") ?? null,
      metadata: checkMetadataParam(metadataOf(params)),
    };
    customers.set(c.id, c);
    emit("customer.created", renderCustomer(c));
    return renderCustomer(c);
  });
  route("GET", "/v1/customers/:id", (ctx) => {
    const c = customers.get(id(ctx));
    if (!c) throw missing("customer", id(ctx), "id");
    return renderCustomer(c);
  });

  // Payment methods
  const methodsOf = (customer: string, type: string | undefined) =>
    [...methods.values()].filter((pm) => pm.customer === customer && (!type || pm.type === type));
  route("GET", "/v1/payment_methods", ({ query }) => {
    const customer = str(query, "customer");
    if (!customer) throw invalidParam("Missing required param: customer.", "customer", "parameter_missing");
    requireCustomer(customer, "customer");
    return listOf(methodsOf(customer, str(query, "type")), query, "/v1/payment_methods", renderMethod);
  });
  route("GET", "/v1/customers/:id/payment_methods", (ctx) => {
    requireCustomer(id(ctx), "customer", 404);
    return listOf(methodsOf(id(ctx), str(ctx.query, "type")), ctx.query, `/v1/customers/${id(ctx)}/payment_methods`, renderMethod);
  });
  route("GET", "/v1/payment_methods/:id", (ctx) => {
    const pm = methods.get(id(ctx));
    if (!pm) throw missing("payment_method", id(ctx), "payment_method");
    return renderMethod(pm);
  });
  route("POST", "/v1/payment_methods/:id/attach", (ctx) => {
    const customerId = str(ctx.params, "customer");
    if (!customerId) throw invalidParam("Missing required param: customer.", "customer", "parameter_missing");
    const customer = requireCustomer(customerId, "customer") as CustomerRec;
    const existing = methods.get(id(ctx));
    const card = existing ? null : findFakeCard(id(ctx));
    if (!existing && !card) throw missing("PaymentMethod", id(ctx), "payment_method");
    if (existing?.customer)
      throw invalidParam("The payment method you provided has already been attached to a customer.", "payment_method", "payment_method_unexpected_state");
    if (existing?.spent) {
      throw invalidParam(
        "This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.",
        "payment_method",
      );
    }
    const pm = existing ?? newCardMethod(card as FakeTestCard, { email: customer.email, name: customer.name });
    if (pm.card) {
      const outcome = fakeCardOutcome(pm.card.card, "attach", false);
      if (outcome.kind === "decline") {
        pm.spent = true;
        throw new ApiError(402, cardDecline(outcome.decline, { param: "", payment_method: renderMethod(pm) }));
      }
    }
    attach(pm, customer);
    return renderMethod(pm);
  });
  route("POST", "/v1/payment_methods/:id/detach", (ctx) => {
    const pm = methods.get(id(ctx));
    if (!pm) throw missing("payment_method", id(ctx), "payment_method");
    if (!pm.customer)
      throw invalidParam(
        "The payment method you provided is not attached to a customer so detachment is impossible.",
        "payment_method",
        "payment_method_unexpected_state",
      );
    pm.customer = null;
    pm.spent = true;
    emit("payment_method.detached", renderMethod(pm));
    return renderMethod(pm);
  });

  // Checkout
  route("POST", "/v1/checkout/sessions", ({ params }) => {
    const mode = str(params, "mode");
    if (mode !== "setup" && mode !== "payment")
      throw invalidParam(mode ? `Invalid mode: ${mode} (the fake supports setup and payment)` : "Missing required param: mode.", "mode");
    const customer = requireCustomer(str(params, "customer"), "customer");
    if ("payment_method_types" in params) throw invalidParam("Received unknown parameter: payment_method_types", "payment_method_types", "parameter_unknown");
    const lineItems = list(params, "line_items") ?? [];
    let amountTotal: number | null = null;
    let currency = str(params, "currency") ?? null;
    let productName: string | null = null;
    if (mode === "payment") {
      if (lineItems.length === 0)
        throw invalidParam("You must specify either `line_items` or `subscription_data` in `payment` mode.", "line_items", "parameter_missing");
      amountTotal = 0;
      for (const [i, raw] of lineItems.entries()) {
        const item = typeof raw === "object" && !Array.isArray(raw) ? raw : {};
        const price = obj(item, "price_data");
        if (!price) throw invalidParam("The fake supports line_items with price_data only.", `line_items[${i}][price_data]`);
        const unit = int(price, "unit_amount");
        const quantity = int(item, "quantity") ?? 1;
        if (unit === undefined || unit < 0)
          throw invalidParam(
            "Missing required param: line_items[0][price_data][unit_amount].",
            `line_items[${i}][price_data][unit_amount]`,
            "parameter_missing",
          );
        currency = str(price, "currency") ?? currency;
        productName = str(obj(price, "product_data") ?? {}, "name") ?? productName;
        amountTotal += unit * quantity;
      }
      if (currency === "eur" && amountTotal < 50)
        throw invalidParam("The Checkout Session's total amount due must add up to at least €0.50 eur", "line_items", "amount_too_small");
    } else if (lineItems.length) {
      throw invalidParam("You can not pass `line_items` in `setup` mode.", "line_items");
    }
    const piData = obj(params, "payment_intent_data") ?? {};
    const siData = obj(params, "setup_intent_data") ?? {};
    if (mode === "setup" && Object.keys(piData).length) throw invalidParam("You can not pass `payment_intent_data` in `setup` mode.", "payment_intent_data");
    if (mode === "payment" && Object.keys(siData).length) throw invalidParam("You can not pass `setup_intent_data` in `payment` mode.", "setup_intent_data");
    const captureMethod = str(piData, "capture_method") === "manual" ? "manual" : "automatic";
    const cardCapture = str(obj(obj(params, "payment_method_options") ?? {}, "card") ?? {}, "capture_method") === "manual" ? "manual" : null;
    const allowed = strings(params, "allowed_payment_method_types") ?? null;
    // Checkout offers what is eligible (dynamic payment methods), filtered by allowed_payment_method_types:
    // iDEAL cannot be held (manual capture), and both need EUR.
    const eligible = ["card", ...((captureMethod === "manual" || cardCapture) && mode === "payment" ? [] : ["ideal"])].filter(
      (t) => (currency ?? "eur") === "eur" || t === "card",
    );
    const methodTypes = allowed ? eligible.filter((t) => allowed.includes(t)) : eligible;
    if (methodTypes.length === 0) throw invalidParam("No valid payment method types for this Checkout Session.", "allowed_payment_method_types");
    const s: SessionRec = {
      id: randomId("cs_test_", 58),
      seq: next(),
      created: now(),
      expiresAt: int(params, "expires_at") ?? now() + SESSION_SECONDS,
      mode,
      status: "open",
      customer: customer?.id ?? null,
      metadata: checkMetadataParam(metadataOf(params)),
      successUrl: str(params, "success_url") ?? null,
      cancelUrl: str(params, "cancel_url") ?? null,
      locale: str(params, "locale") ?? null,
      currency,
      allowed,
      methodTypes,
      amountTotal,
      productName,
      pi: {
        metadata: checkMetadataParam(metadataOf(piData)),
        description: str(piData, "description") ?? null,
        captureMethod: captureMethod === "manual" || cardCapture ? "manual" : "automatic",
        setupFutureUsage: str(piData, "setup_future_usage") ?? null,
      },
      si: { metadata: checkMetadataParam(metadataOf(siData)), description: str(siData, "description") ?? null },
      cardCaptureOption: cardCapture,
      setupIntent: null,
      paymentIntent: null,
      paymentStatus: mode === "setup" ? "no_payment_required" : "unpaid",
      customerEmail: null,
    };
    sessions.set(s.id, s);
    return renderSession(s);
  });
  route("GET", "/v1/checkout/sessions", ({ query }) => {
    const pi = str(query, "payment_intent");
    const customer = str(query, "customer");
    const inWindow = createdFilter(query);
    const found = [...sessions.values()].filter((s) => (!pi || s.paymentIntent === pi) && (!customer || s.customer === customer) && inWindow(s.created));
    return listOf(found, query, "/v1/checkout/sessions", renderSession);
  });
  route("GET", "/v1/checkout/sessions/:id", (ctx) => {
    const s = sessions.get(id(ctx));
    if (!s) throw missing("checkout.session", id(ctx), "session");
    return renderSession(s);
  });
  route("POST", "/v1/checkout/sessions/:id/expire", (ctx) => {
    const s = sessions.get(id(ctx));
    if (!s) throw missing("checkout.session", id(ctx), "session");
    if (s.status !== "open") throw stateError(`Only Checkout Sessions with a status in ["open"] can be expired.`, "checkout_session_unexpected_state");
    expireSession(s);
    return renderSession(s);
  });

  // Setup intents and attempts
  route("GET", "/v1/setup_intents/:id", (ctx) => {
    const si = setupIntents.get(id(ctx));
    if (!si) throw missing("setupintent", id(ctx), "intent");
    return renderSetupIntent(si);
  });
  route("GET", "/v1/setup_attempts", ({ query }) => {
    const si = str(query, "setup_intent");
    if (!si) throw invalidParam("Missing required param: setup_intent.", "setup_intent", "parameter_missing");
    return listOf(
      [...setupAttempts.values()].filter((a) => a.setupIntent === si),
      query,
      "/v1/setup_attempts",
      renderSetupAttempt,
    );
  });

  // Payment intents
  route("POST", "/v1/payment_intents", ({ params }) => {
    if ("payment_method_types" in params) throw invalidParam("Received unknown parameter: payment_method_types", "payment_method_types", "parameter_unknown");
    const amount = int(params, "amount");
    if (amount === undefined) throw invalidParam("Missing required param: amount.", "amount", "parameter_missing");
    const currency = str(params, "currency");
    if (!currency) throw invalidParam("Missing required param: currency.", "currency", "parameter_missing");
    if (currency === "eur" && amount < 50) throw invalidParam("Amount must be at least €0.50 eur", "amount", "amount_too_small");
    if (amount > 99_999_999) throw invalidParam("Amount must be no more than €999,999.99", "amount", "amount_too_large");
    const customer = requireCustomer(str(params, "customer"), "customer");
    const confirmNow = bool(params, "confirm") ?? false;
    const offSession = bool(params, "off_session") ?? false;
    if (offSession && !confirmNow) throw invalidParam("off_session can only be used when confirm=true.", "off_session");
    const captureMethod = str(params, "capture_method") === "manual" ? "manual" : "automatic";
    const pmId = str(params, "payment_method");
    const pm = pmId ? resolveMethod(pmId, "payment_method") : null;
    if (pm) {
      if (pm.customer && pm.customer !== customer?.id) {
        throw invalidParam(`The PaymentMethod ${pm.id} does not belong to the Customer you supplied ${customer?.id ?? "(none)"}.`, "payment_method");
      }
      if (!pm.customer && pm.spent) {
        throw invalidParam(
          "The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.",
          "payment_method",
        );
      }
      if (captureMethod === "manual" && pm.type !== "card") {
        throw invalidParam(`The payment method type "${pm.type}" does not support manual capture (capture_method=manual).`, "capture_method");
      }
    }
    if (confirmNow && !pm)
      throw invalidParam("You cannot confirm this PaymentIntent because it's missing a payment method.", "payment_method", "payment_intent_unexpected_state");
    const pi: PaymentIntentRec = {
      id: randomId("pi_"),
      seq: next(),
      created: now(),
      amount,
      amountCapturable: 0,
      amountReceived: 0,
      currency,
      customer: customer?.id ?? null,
      description: str(params, "description") ?? null,
      metadata: checkMetadataParam(metadataOf(params)),
      captureMethod,
      status: pm ? "requires_confirmation" : "requires_payment_method",
      paymentMethod: pm?.id ?? null,
      latestCharge: null,
      lastPaymentError: null,
      nextAction: null,
      cancellationReason: null,
      canceledAt: null,
      setupFutureUsage: str(params, "setup_future_usage") ?? null,
      returnUrl: str(params, "return_url") ?? null,
      session: null,
      transferGroup: str(params, "transfer_group") ?? null,
      settle: null,
    };
    intents.set(pi.id, pi);
    emitIntent("payment_intent.created", pi);
    if (confirmNow && pm) {
      const error = confirm(pi, pm, offSession);
      if (error) throw new ApiError(402, { ...error, payment_intent: renderIntent(pi) });
    }
    return renderIntent(pi);
  });
  route("GET", "/v1/payment_intents", ({ query }) => {
    const customer = str(query, "customer");
    const inWindow = createdFilter(query);
    return listOf(
      [...intents.values()].filter((pi) => (!customer || pi.customer === customer) && inWindow(pi.created)),
      query,
      "/v1/payment_intents",
      renderIntent,
    );
  });
  route("GET", "/v1/payment_intents/:id", (ctx) => {
    const pi = intents.get(id(ctx));
    if (!pi) throw missing("payment_intent", id(ctx), "intent");
    return renderIntent(pi);
  });
  route("POST", "/v1/payment_intents/:id/confirm", (ctx) => {
    const pi = intents.get(id(ctx));
    if (!pi) throw missing("payment_intent", id(ctx), "intent");
    if (pi.session) throw stateError("A PaymentIntent created by a Checkout Session cannot be confirmed through the API.", "payment_intent_unexpected_state");
    if (!["requires_payment_method", "requires_confirmation", "requires_action"].includes(pi.status)) {
      throw stateError(
        `This PaymentIntent's status is ${pi.status}, but it must be requires_payment_method, requires_confirmation or requires_action to be confirmed.`,
        "payment_intent_unexpected_state",
      );
    }
    const pmId = str(ctx.params, "payment_method") ?? pi.paymentMethod;
    if (!pmId)
      throw invalidParam("You cannot confirm this PaymentIntent because it's missing a payment method.", "payment_method", "payment_intent_unexpected_state");
    const pm = resolveMethod(pmId, "payment_method");
    pi.returnUrl = str(ctx.params, "return_url") ?? pi.returnUrl;
    const error = confirm(pi, pm, bool(ctx.params, "off_session") ?? false);
    if (error) throw new ApiError(402, { ...error, payment_intent: renderIntent(pi) });
    return renderIntent(pi);
  });
  route("POST", "/v1/payment_intents/:id/capture", (ctx) => {
    const pi = intents.get(id(ctx));
    if (!pi) throw missing("payment_intent", id(ctx), "intent");
    const ch = pi.latestCharge ? charges.get(pi.latestCharge) : undefined;
    if (pi.status === "requires_capture" && ch?.captureBefore && ch.captureBefore <= now()) {
      expireHold(pi);
      throw stateError("The charge cannot be captured as the authorization has expired.", "charge_expired_for_capture");
    }
    if (pi.status !== "requires_capture" || !ch) {
      throw stateError(
        `This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
        "payment_intent_unexpected_state",
      );
    }
    const amount = int(ctx.params, "amount_to_capture") ?? pi.amountCapturable;
    if (amount > pi.amountCapturable)
      throw stateError("The amount_to_capture must be less than or equal to the amount_capturable.", "amount_too_large", "amount_to_capture");
    if (amount < 1) throw invalidParam("This value must be greater than or equal to 1.", "amount_to_capture");
    ch.captured = true;
    ch.amountCaptured = amount;
    ch.amountReleased = pi.amountCapturable - amount;
    ch.balanceTransaction = chargeBalance(ch, amount);
    pi.amountReceived = amount;
    pi.amountCapturable = 0;
    pi.status = "succeeded";
    emitCharge("charge.captured", ch);
    emitIntent("payment_intent.succeeded", pi);
    return renderIntent(pi);
  });
  route("POST", "/v1/payment_intents/:id/cancel", (ctx) => {
    const pi = intents.get(id(ctx));
    if (!pi) throw missing("payment_intent", id(ctx), "intent");
    const cancellable = ["requires_payment_method", "requires_capture", "requires_confirmation", "requires_action"];
    if (!cancellable.includes(pi.status)) {
      throw stateError(
        `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${cancellable.join(", ")}.`,
        "payment_intent_unexpected_state",
      );
    }
    if (pi.session && pi.status !== "requires_capture") {
      throw stateError(
        "You can only cancel a PaymentIntent of a Checkout Session when it requires capture; expire the Checkout Session instead.",
        "payment_intent_unexpected_state",
      );
    }
    const reason = str(ctx.params, "cancellation_reason");
    if (reason && !["duplicate", "fraudulent", "requested_by_customer", "abandoned"].includes(reason))
      throw invalidParam(`Invalid cancellation_reason: ${reason}`, "cancellation_reason");
    const ch = pi.latestCharge ? charges.get(pi.latestCharge) : undefined;
    // "For PaymentIntents with a status of requires_capture, the remaining amount_capturable is automatically refunded."
    if (ch && pi.status === "requires_capture") ch.amountReleased = pi.amountCapturable;
    pi.status = "canceled";
    pi.amountCapturable = 0;
    pi.cancellationReason = reason ?? null;
    pi.canceledAt = now();
    pi.nextAction = null;
    emitIntent("payment_intent.canceled", pi);
    return renderIntent(pi);
  });

  route("GET", "/v1/charges/:id", (ctx) => {
    const ch = charges.get(id(ctx));
    if (!ch) throw missing("charge", id(ctx), "charge");
    return renderCharge(ch);
  });

  // Refunds
  route("POST", "/v1/refunds", ({ params }) => {
    const piId = str(params, "payment_intent");
    const chId = str(params, "charge");
    if (!piId && !chId)
      throw invalidParam("One of the following params should be provided for this request: payment_intent or charge.", "payment_intent", "parameter_missing");
    const pi = piId ? intents.get(piId) : undefined;
    if (piId && !pi) throw missing("payment_intent", piId, "payment_intent", 400);
    const ch = chId ? charges.get(chId) : pi?.latestCharge ? charges.get(pi.latestCharge) : undefined;
    if (chId && !ch) throw missing("charge", chId, "charge", 400);
    const intent = pi ?? (ch ? intents.get(ch.paymentIntent) : undefined);
    if (!ch || !intent || intent.status !== "succeeded" || ch.status !== "succeeded") {
      throw stateError(`This PaymentIntent (${intent?.id ?? piId}) does not have a successful charge to refund.`, "charge_not_refundable", "payment_intent");
    }
    const refundable = ch.amountCaptured - ch.amountRefundedByRefunds;
    if (refundable <= 0) throw stateError(`Charge ${ch.id} has already been refunded.`, "charge_already_refunded");
    const amount = int(params, "amount") ?? refundable;
    if (amount < 1) throw invalidParam("Invalid positive integer", "amount", "parameter_invalid_integer");
    if (amount > refundable) {
      throw stateError(
        `Refund amount (€${(amount / 100).toFixed(2)}) is greater than unrefunded amount on charge (€${(refundable / 100).toFixed(2)})`,
        "amount_too_large",
        "amount",
      );
    }
    const reason = str(params, "reason") ?? null;
    if (reason && !["duplicate", "fraudulent", "requested_by_customer"].includes(reason))
      throw invalidParam(`Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer`, "reason");
    // SEPA refunds settle like the debit; card and iDEAL refunds succeed at once in test mode.
    const pending = ch.methodType === "sepa_debit";
    const failsLater = methods.get(ch.paymentMethod)?.card?.card.behaviour === "refund_fails";
    const r: RefundRec = {
      id: randomId(pending ? "pyr_" : "re_"),
      seq: next(),
      created: now(),
      amount,
      charge: ch.id,
      paymentIntent: intent.id,
      status: pending ? "pending" : "succeeded",
      reason,
      metadata: checkMetadataParam(metadataOf(params)),
      balanceTransaction: null,
      failureReason: null,
      dueAt: pending || failsLater ? now() : null,
      failsLater,
    };
    if (!pending)
      r.balanceTransaction = newBalanceTxn({ amount: -amount, fee: 0, type: "refund", reportingCategory: "refund", source: r.id, description: null }).id;
    refunds.set(r.id, r);
    ch.amountRefundedByRefunds += amount;
    emit("refund.created", renderRefund(r));
    emitCharge("charge.refunded", ch);
    return renderRefund(r);
  });
  route("GET", "/v1/refunds", ({ query }) => {
    const pi = str(query, "payment_intent");
    const ch = str(query, "charge");
    const inWindow = createdFilter(query);
    return listOf(
      [...refunds.values()].filter((r) => (!pi || r.paymentIntent === pi) && (!ch || r.charge === ch) && inWindow(r.created)),
      query,
      "/v1/refunds",
      renderRefund,
    );
  });
  route("GET", "/v1/refunds/:id", (ctx) => {
    const r = refunds.get(id(ctx));
    if (!r) throw missing("refund", id(ctx), "refund");
    return renderRefund(r);
  });

  // Disputes
  route("GET", "/v1/disputes/:id", (ctx) => {
    const d = disputes.get(id(ctx));
    if (!d) throw missing("dispute", id(ctx), "dispute");
    return renderDispute(d);
  });
  route("POST", "/v1/disputes/:id", (ctx) => {
    const d = disputes.get(id(ctx));
    if (!d) throw missing("dispute", id(ctx), "dispute");
    const text = str(obj(ctx.params, "evidence") ?? {}, "uncategorized_text");
    if (text !== undefined) d.evidenceText = text;
    const m = metadataOf(ctx.params);
    if (m) d.metadata = checkMetadataParam({ ...d.metadata, ...m });
    emit("charge.dispute.updated", renderDispute(d));
    // Test mode: submitting "winning_evidence" / "losing_evidence" closes the dispute that way.
    if ((bool(ctx.params, "submit") ?? true) && (d.evidenceText === "winning_evidence" || d.evidenceText === "losing_evidence")) {
      closeDisputeRec(d, d.evidenceText === "winning_evidence" ? "won" : "lost");
    } else if (bool(ctx.params, "submit") ?? true) {
      d.status = "under_review";
    }
    return renderDispute(d);
  });

  route("GET", "/v1/mandates/:id", (ctx) => {
    const m = mandates.get(id(ctx));
    if (!m) throw missing("mandate", id(ctx), "mandate");
    return renderMandate(m);
  });
  route("GET", "/v1/events/:id", (ctx) => {
    const e = events.find((ev) => ev.id === id(ctx));
    if (!e) throw missing("event", id(ctx), "id");
    return e.json;
  });

  // Connect (separate charges and transfers; Express onboarding through Account Links)
  route("POST", "/v1/accounts", ({ params }) => {
    const type = str(params, "type");
    if (!type) throw invalidParam("Missing required param: type.", "type", "parameter_missing");
    if (!["express", "standard", "custom"].includes(type)) throw invalidParam(`Invalid type: must be one of custom, express, or standard`, "type");
    const capabilities = obj(params, "capabilities") ?? {};
    const requested = Object.entries(capabilities)
      .filter(([, v]) => typeof v === "object" && !Array.isArray(v) && str(v, "requested") === "true")
      .map(([k]) => k);
    const a: AccountRec = {
      id: randomId("acct_", 16),
      seq: next(),
      created: now(),
      type,
      country: str(params, "country") ?? "NL",
      email: str(params, "email") ?? null,
      businessType: str(params, "business_type") ?? null,
      metadata: checkMetadataParam(metadataOf(params)),
      requested: requested.length ? requested : ["transfers"],
      onboarded: false,
      payoutInterval: str(obj(obj(obj(params, "settings") ?? {}, "payouts") ?? {}, "schedule") ?? {}, "interval") ?? "daily",
    };
    accounts.set(a.id, a);
    return renderAccount(a);
  });
  route("GET", "/v1/accounts/:id", (ctx) => {
    const a = accounts.get(id(ctx));
    if (!a) throw missing("account", id(ctx), "account");
    return renderAccount(a);
  });
  route("POST", "/v1/account_links", ({ params }) => {
    const account = str(params, "account");
    if (!account) throw invalidParam("Missing required param: account.", "account", "parameter_missing");
    if (!accounts.get(account)) throw missing("account", account, "account", 400);
    const type = str(params, "type");
    if (type !== "account_onboarding" && type !== "account_update") throw invalidParam("Missing required param: type.", "type", "parameter_missing");
    for (const key of ["refresh_url", "return_url"]) if (!str(params, key)) throw invalidParam(`Missing required param: ${key}.`, key, "parameter_missing");
    return { object: "account_link", created: now(), expires_at: now() + 300, url: `${baseUrl}/connect/onboarding/${account}/${randomId("", 12)}` };
  });
  route("POST", "/v1/transfers", ({ params }) => {
    const amount = int(params, "amount");
    if (amount === undefined) throw invalidParam("Missing required param: amount.", "amount", "parameter_missing");
    if (amount < 1) throw invalidParam("Invalid positive integer", "amount");
    const currency = str(params, "currency");
    if (!currency) throw invalidParam("Missing required param: currency.", "currency", "parameter_missing");
    const destination = str(params, "destination");
    if (!destination) throw invalidParam("Missing required param: destination.", "destination", "parameter_missing");
    const account = accounts.get(destination);
    if (!account) throw missing("account", destination, "destination", 400);
    if (!account.onboarded || !account.requested.includes("transfers")) {
      throw invalidParam(
        "Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments",
        "destination",
        "insufficient_capabilities_for_transfer",
      );
    }
    const source = str(params, "source_transaction") ?? null;
    if (source) {
      const ch = charges.get(source);
      if (!ch) throw missing("charge", source, "source_transaction", 400);
      if (amount > ch.amountCaptured - ch.amountRefundedByRefunds)
        throw invalidParam("The transfer amount exceeds the source transaction's available amount.", "amount");
    }
    const t: TransferRec = {
      id: randomId("tr_"),
      seq: next(),
      created: now(),
      amount,
      currency,
      destination,
      description: str(params, "description") ?? null,
      metadata: checkMetadataParam(metadataOf(params)),
      transferGroup: str(params, "transfer_group") ?? null,
      sourceTransaction: source,
      balanceTransaction: "",
      destinationPayment: randomId("py_"),
      amountReversed: 0,
    };
    t.balanceTransaction = newBalanceTxn({
      amount: -amount,
      fee: 0,
      type: "transfer",
      reportingCategory: "transfer",
      source: t.id,
      description: t.description,
    }).id;
    transfers.set(t.id, t);
    emit("transfer.created", renderTransfer(t));
    return renderTransfer(t);
  });
  route("POST", "/v1/transfers/:id/reversals", (ctx) => {
    const t = transfers.get(id(ctx));
    if (!t) throw missing("transfer", id(ctx), "id");
    const amount = int(ctx.params, "amount") ?? t.amount - t.amountReversed;
    if (amount < 1 || amount > t.amount - t.amountReversed) throw invalidParam("The reversal amount exceeds what is left of the transfer.", "amount");
    if (amount > connectedBalance(t.destination))
      throw invalidParam("The connected account has insufficient funds for this reversal.", "amount", "balance_insufficient");
    t.amountReversed += amount;
    const reversal = {
      id: randomId("trr_"),
      object: "transfer_reversal",
      amount,
      created: now(),
      currency: t.currency,
      metadata: meta(checkMetadataParam(metadataOf(ctx.params))),
      transfer: t.id,
    };
    emit("transfer.reversed", renderTransfer(t));
    return reversal;
  });
  route("GET", "/v1/transfers/:id", (ctx) => {
    const t = transfers.get(id(ctx));
    if (!t) throw missing("transfer", id(ctx), "transfer");
    return renderTransfer(t);
  });
  // Payouts on a connected account (Stripe-Account header): its balance to its bank account.
  route("POST", "/v1/payouts", ({ params, account }) => {
    if (!account) throw invalidParam("This fake only makes payouts on connected accounts (send Stripe-Account).", "account");
    const a = accounts.get(account);
    if (!a) throw missing("account", account, "account", 400);
    const amount = int(params, "amount");
    if (amount === undefined) throw invalidParam("Missing required param: amount.", "amount", "parameter_missing");
    if (amount < 1) throw invalidParam("Invalid positive integer", "amount");
    const currency = str(params, "currency");
    if (!currency) throw invalidParam("Missing required param: currency.", "currency", "parameter_missing");
    if (!a.onboarded) throw invalidParam("Payouts are not enabled on this account.", undefined, "payouts_not_allowed");
    if (amount > connectedBalance(account))
      throw invalidParam("You have insufficient funds in your Stripe account for this payout.", "amount", "balance_insufficient");
    const po: PayoutRec = {
      id: randomId("po_"),
      seq: next(),
      created: now(),
      account,
      amount,
      currency,
      description: str(params, "description") ?? null,
      metadata: checkMetadataParam(metadataOf(params)),
      status: "pending",
      failureCode: null,
    };
    payouts.set(po.id, po);
    emit("payout.created", renderPayout(po), undefined, account);
    return renderPayout(po);
  });
  route("GET", "/v1/payouts/:id", (ctx) => {
    const po = payouts.get(id(ctx));
    if (!po || po.account !== ctx.account) throw missing("payout", id(ctx), "id");
    return renderPayout(po);
  });
  route("GET", "/v1/balance_transactions/:id", (ctx) => {
    const b = balanceTxns.get(id(ctx));
    if (!b) throw missing("balance transaction", id(ctx), "id");
    return renderBalanceTxn(b);
  });

  // HTTP ------------------------------------------------------------------------------------

  function send(res: http.ServerResponse, status: number, body: string, headers: Record<string, string>): void {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(status, { "content-type": "application/json", "stripe-version": API_VERSION, ...headers });
    res.end(body);
  }

  function takeFault<T extends Fault>(list: T[], path: string): T | null {
    const fault = list.find((f) => f.remaining > 0 && matches(path, f.path));
    if (!fault) return null;
    fault.remaining--;
    return fault;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, rawBody: string): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const method = req.method ?? "GET";
    const path = url.pathname;
    const requestId = randomId("req_", 14);
    const idempotencyKey = typeof req.headers["idempotency-key"] === "string" ? req.headers["idempotency-key"] : null;
    const query = parseForm(url.search.slice(1));
    const params = method === "POST" ? parseForm(rawBody) : {};
    const record: RecordedRequest = {
      method,
      path,
      query,
      params,
      idempotencyKey,
      stripeVersion: typeof req.headers["stripe-version"] === "string" ? req.headers["stripe-version"] : null,
      stripeAccount: typeof req.headers["stripe-account"] === "string" ? req.headers["stripe-account"] : null,
      status: null,
      replayed: false,
      injected: false,
    };
    if (path.startsWith("/v1/")) requests.push(record);
    const headers: Record<string, string> = { "request-id": requestId, ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}) };
    const answer = (status: number, body: string, extra: Record<string, string> = {}) => {
      record.status = status;
      send(res, status, body, { ...headers, ...extra });
    };

    if (!path.startsWith("/v1/"))
      return answer(404, JSON.stringify({ error: { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path}).` } }));
    const auth = req.headers.authorization ?? "";
    const key = auth.startsWith("Bearer ") ? auth.slice(7) : "";
    if (!key) {
      return answer(
        401,
        JSON.stringify({
          error: {
            type: "invalid_request_error",
            message: "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth.",
          },
        }),
      );
    }
    if (!key.startsWith("sk_test_")) {
      return answer(
        401,
        JSON.stringify({
          error: { type: "invalid_request_error", code: "api_key_expired", message: `Invalid API Key provided: ${key.slice(0, 8)}****${key.slice(-4)}` },
        }),
      );
    }

    const fault = takeFault(failures, path);
    if (fault) {
      record.injected = true;
      // An outage before the request reached the API: nothing ran, nothing is stored under the key.
      return answer(
        fault.status,
        JSON.stringify({ error: { type: "api_error", message: "An unknown error occurred while processing your request (injected by the fake)." } }),
      );
    }

    // A slow API is slow for every request, replays included.
    const delay = takeFault(delays, path);
    if (delay?.before) await new Promise((resolve) => setTimeout(resolve, delay.ms));

    const paramsKey = canonical(params);
    if (method === "POST" && idempotencyKey) {
      const stored = idempotency.get(idempotencyKey);
      if (stored) {
        if (stored.method !== method || stored.path !== path || stored.params !== paramsKey) {
          return answer(
            400,
            JSON.stringify({
              error: {
                type: "idempotency_error",
                message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
              },
            }),
          );
        }
        record.replayed = true;
        return answer(stored.status, stored.body, { "idempotent-replayed": "true", "original-request": requestId });
      }
      // (Stripe answers 409 idempotency_key_in_use to a second request while the first still runs;
      // the fake runs each request in one synchronous step, so that cannot happen here.)
    }

    let status: number;
    let body: string;
    let save = true;
    currentRequest = { id: requestId, idempotencyKey };
    try {
      const found = routes.find(([m, re]) => m === method && re.test(path));
      if (!found)
        throw new ApiError(
          404,
          { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path}). (Not implemented by the fake.)` },
          false,
        );
      const [, re, handler] = found;
      const result = handler({ params, query, m: re.exec(path) ?? [], account: record.stripeAccount });
      const out =
        "status" in result && "body" in result && typeof result.status === "number"
          ? (result as { status: number; body: JsonObject })
          : { status: 200, body: result as JsonObject };
      status = out.status;
      const paths = strings(method === "POST" ? params : query, "expand") ?? [];
      body = JSON.stringify(paths.length ? expand(out.body, paths) : out.body);
    } catch (error) {
      if (error instanceof ApiError) {
        status = error.status;
        save = error.saved;
        body = JSON.stringify({ error: { ...error.error, request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}` } });
      } else {
        status = 500;
        save = false;
        body = JSON.stringify({ error: { type: "api_error", message: `fake-stripe bug: ${error instanceof Error ? error.message : String(error)}` } });
      }
    } finally {
      currentRequest = { id: null, idempotencyKey: null };
    }
    if (method === "POST" && idempotencyKey && save) idempotency.set(idempotencyKey, { method, path, params: paramsKey, status, body });

    if (delay && !delay.before) await new Promise((resolve) => setTimeout(resolve, delay.ms));
    answer(status, body);
  }

  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      handle(req, res, Buffer.concat(chunks).toString("utf8")).catch((error) => {
        send(res, 500, JSON.stringify({ error: { type: "api_error", message: String(error) } }), {});
      });
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  // Control ---------------------------------------------------------------------------------

  async function deliverOne(event: FakeEvent, target: DeliveryTarget): Promise<number> {
    const payload = JSON.stringify(event.json);
    const signature = sign(payload, target.secret ?? webhookSecret);
    if (target.callback) {
      try {
        const answer = await target.callback(payload, signature);
        if (typeof answer === "number") return answer;
        return answer?.status ?? 200;
      } catch {
        return 500;
      }
    }
    if (!target.url) throw new Error("fake-stripe: a delivery target needs a url or a callback");
    try {
      const response = await fetch(target.url, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "stripe-signature": signature,
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        },
        body: payload,
      });
      return response.status;
    } catch {
      return 0;
    }
  }

  const control: FakeStripeControl = {
    now: () => clockMs,
    advanceTime(ms) {
      if (!(ms >= 0)) throw new RangeError("the fake clock only moves forward");
      clockMs += ms;
    },
    runDue,
    failNext(count, opts = {}) {
      failures.push({ remaining: count, status: opts.status ?? 500, path: opts.path });
    },
    delayNext(ms, opts = {}) {
      delays.push({ remaining: opts.count ?? 1, ms, path: opts.path, before: opts.before ?? false });
    },
    declineNext(decline = {}) {
      nextDecline = { ...genericDecline, ...decline };
    },
    requireAuthenticationNext() {
      nextAuthentication = true;
    },
    completeCheckout,
    completeAuthentication,
    closeDispute(disputeId, outcome) {
      const d = disputes.get(disputeId);
      if (!d) throw new Error(`fake-stripe: no dispute ${disputeId}`);
      d.evidenceText = outcome === "won" ? "winning_evidence" : "losing_evidence";
      emit("charge.dispute.updated", renderDispute(d));
      closeDisputeRec(d, outcome);
    },
    completeOnboarding(accountId) {
      const a = accounts.get(accountId);
      if (!a) throw new Error(`fake-stripe: no account ${accountId}`);
      a.onboarded = true;
      emit("account.updated", renderAccount(a), undefined, a.id);
    },
    settlePayout(payoutId, outcome) {
      const po = payouts.get(payoutId);
      if (!po) throw new Error(`fake-stripe: no payout ${payoutId}`);
      if (po.status === "paid" || po.status === "failed") throw new Error(`fake-stripe: payout ${payoutId} is already ${po.status}`);
      po.status = outcome;
      po.failureCode = outcome === "failed" ? "account_closed" : null;
      emit("payout.updated", renderPayout(po), { status: "pending" }, po.account);
      emit(`payout.${outcome}`, renderPayout(po), undefined, po.account);
    },
    events: () => [...events],
    webhooks: {
      pending: () => [...pendingEvents],
      async deliver(target, opts = {}) {
        const chosen = pendingEvents.filter((e) => !opts.types || opts.types.includes(e.type));
        const ordered = opts.order === "reverse" ? [...chosen].reverse() : opts.order === "shuffle" ? shuffled(chosen, opts.seed ?? 1) : chosen;
        const results: DeliveryResult[] = [];
        for (const event of ordered) {
          const times = opts.twice ? 2 : 1;
          let ok = false;
          for (let i = 0; i < times; i++) {
            const status = await deliverOne(event, target);
            results.push({ eventId: event.id, type: event.type, status });
            ok = ok || (status >= 200 && status < 300);
          }
          if (ok) pendingEvents.splice(pendingEvents.indexOf(event), 1);
        }
        return results;
      },
      sign: (payload, secret, timestamp) => sign(payload, secret, timestamp),
      clear() {
        pendingEvents.length = 0;
      },
    },
    object: (objectId) => render(objectId),
  };

  return {
    port,
    url: baseUrl,
    client: { host: "127.0.0.1", port, protocol: "http" },
    webhookSecret,
    requests,
    control,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
