import type { MessageKey } from "../../i18n/i18n";
import type { Trx } from "../../utils/db.server";
import { CARD_HOLD_DAYS, type CheckoutMethod, type GatewayFailure } from "../gateway";
import { type IdealBank, findBank, idealBanks } from "./banks";
import {
  authenticationUrl,
  change,
  emit,
  newId,
  type Outbox,
  type PaymentRow,
  type SessionRow,
  type Sim,
  sessionUrl,
  toMethod,
  toPayment,
  toSession,
} from "./core.server";
import { type PaymentMethodKind, paymentTransition, sessionTransition } from "./lifecycle";
import { eventForStatus } from "./payments.server";
import { authenticationFailed, brandLabel, type CardBehaviour, cardExpired, cardOutcome, type CardOutcome, findTestCard } from "./test-cards";

/**
 * What happens on the simulated hosted pages (/pay/sim/:sessionId and /pay/sim/authenticate/:token),
 * docs/decisions/022-simulated-gateway.md. The customer's actions change the simulator's state and
 * emit gateway events, delivered right after commit; the redirect back to the caller's return URL
 * carries no outcome.
 */

export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export type HostedResult = { ok: true; redirectTo: string } | { ok: false; field: "cardNumber" | "expiry" | "bank" | "_form"; error: MessageKey };

export interface CheckoutPageView {
  id: string;
  mode: "setup" | "payment";
  status: "open" | "awaiting_authentication" | "complete" | "expired";
  amountCents: number | null;
  hold: boolean;
  saveMethod: boolean;
  description: string;
  customerName: string;
  customerEmail: string;
  methods: CheckoutMethod[];
  banks: { code: string; name: string; test: boolean }[];
  returnUrl: string;
  cancelUrl: string;
  authUrl: string | null;
  /** Why the last attempt failed (shown above the form), e.g. after a failed 3-D Secure check. */
  error: MessageKey | null;
}

export interface AuthenticationPageView {
  token: string;
  /** card: a 3-D Secure check; bank: approving an iDEAL payment or mandate at the bank. */
  kind: "card" | "bank";
  mode: "setup" | "payment";
  amountCents: number | null;
  hold: boolean;
  description: string;
  methodLabel: string;
  bankIsTest: boolean;
  pending: boolean;
  /** Where "done" goes: the caller's return URL (or this page, for off-session payments without one). */
  continueUrl: string;
}

export interface HostedPages {
  getCheckoutPage(sessionId: string): Promise<CheckoutPageView | null>;
  submitCard(sessionId: string, card: CardInput): Promise<HostedResult>;
  chooseBank(sessionId: string, bankCode: string): Promise<HostedResult>;
  getAuthenticationPage(token: string): Promise<AuthenticationPageView | null>;
  completeAuthentication(token: string, approve: boolean): Promise<{ redirectTo: string; approved: boolean } | null>;
}

type PendingMethod =
  { kind: "card"; brand: string; last4: string; expMonth: number; expYear: number; behaviour: CardBehaviour } | { kind: "ideal"; bank: string };

const bankDeclined: GatewayFailure = { code: "bank_declined", declineCode: null, message: "The customer did not approve at their bank (iDEAL)." };

const errorKeys: Record<string, MessageKey> = {
  card_declined: "payments.sim.error.declined",
  authentication_failed: "payments.sim.error.authenticationFailed",
  bank_declined: "payments.sim.error.bankDeclined",
};

async function lockSession(trx: Trx, id: string): Promise<SessionRow | undefined> {
  return trx.selectFrom("sim_sessions").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

async function insertCardMethod(trx: Trx, customerId: string, card: Extract<PendingMethod, { kind: "card" }>, now: Date) {
  return trx
    .insertInto("sim_payment_methods")
    .values({
      id: newId("pm_sim_"),
      customer_id: customerId,
      type: "card",
      behaviour: card.behaviour,
      brand: card.brand,
      last4: card.last4,
      exp_month: card.expMonth,
      exp_year: card.expYear,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** iDEAL saves a SEPA Direct Debit mandate on the customer's account at that bank. */
async function insertSepaMandate(trx: Trx, customerId: string, bank: IdealBank, now: Date) {
  return trx
    .insertInto("sim_payment_methods")
    .values({
      id: newId("pm_sim_"),
      customer_id: customerId,
      type: "sepa_debit",
      behaviour: bank.behaviour,
      last4: bank.ibanLast4,
      bank_name: bank.name,
      mandate_id: newId("mandate_sim_"),
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function saveMethod(trx: Trx, customerId: string, pending: PendingMethod, now: Date) {
  if (pending.kind === "card") return insertCardMethod(trx, customerId, pending, now);
  const bank = findBank(pending.bank);
  if (!bank) throw new Error(`unknown bank ${pending.bank}`);
  return insertSepaMandate(trx, customerId, bank, now);
}

function closedResult(s: SessionRow | undefined, sim: Sim, now: Date): HostedResult | null {
  if (!s) return { ok: false, field: "_form", error: "payments.sim.error.sessionClosed" };
  if (s.status === "complete") return { ok: true, redirectTo: s.return_url };
  if (s.status === "expired" || now >= s.expires_at) return { ok: false, field: "_form", error: "payments.sim.error.sessionClosed" };
  if (s.status === "awaiting_authentication" && s.auth_token) return { ok: true, redirectTo: authenticationUrl(sim, s.auth_token) };
  return null;
}

/**
 * One attempt to pay in a payment session (card or iDEAL). Creates the session's payment on the
 * first attempt; a declined attempt leaves it `failed` and the customer may try again.
 */
async function attemptSessionPayment(
  sim: Sim,
  trx: Trx,
  now: Date,
  outbox: Outbox,
  s: SessionRow,
  methodType: PaymentMethodKind,
  outcome: CardOutcome,
  pending: PendingMethod,
): Promise<HostedResult> {
  const existing = s.payment_id ? await trx.selectFrom("sim_payments").selectAll().where("id", "=", s.payment_id).forUpdate().executeTakeFirst() : undefined;
  const captureMethod = s.capture_method ?? "automatic";
  const facts = { captureMethod, methodType, onSession: true };
  const pt = paymentTransition(existing?.status ?? "new", { type: "attempt", outcome: outcome.kind }, facts);
  const st = sessionTransition(s.status, { type: "submit", outcome: outcome.kind });
  if (!pt.ok || !st.ok) return { ok: false, field: "_form", error: "payments.sim.error.sessionClosed" };
  const amount = s.amount_cents ?? 0;
  const accepted = pt.status === "requires_capture" || pt.status === "succeeded" || pt.status === "processing";
  const pm = accepted && s.save_method ? await saveMethod(trx, s.customer_id, pending, now) : null;
  const failure = outcome.kind === "decline" ? outcome.failure : null;
  const fields = {
    status: pt.status,
    payment_method_type: methodType,
    payment_method_id: pm?.id ?? null,
    amount_capturable_cents: pt.status === "requires_capture" ? amount : 0,
    amount_received_cents: pt.status === "succeeded" ? amount : 0,
    last_error_code: failure?.code ?? null,
    last_decline_code: failure?.declineCode ?? null,
    last_error_message: failure?.message ?? null,
    hold_expires_at: pt.status === "requires_capture" ? new Date(now.getTime() + CARD_HOLD_DAYS * 86_400_000) : null,
    updated_at: now,
  };
  let row: PaymentRow;
  if (existing) {
    row = await trx.updateTable("sim_payments").set(fields).where("id", "=", existing.id).returningAll().executeTakeFirstOrThrow();
  } else {
    row = await trx
      .insertInto("sim_payments")
      .values({
        ...fields,
        id: newId("pi_sim_"),
        customer_id: s.customer_id,
        session_id: s.id,
        amount_cents: amount,
        capture_method: captureMethod,
        off_session: false,
        description: s.description,
        metadata: JSON.stringify(s.metadata),
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  const authToken = st.status === "awaiting_authentication" ? newId("sa_sim_") : null;
  const updated = await trx
    .updateTable("sim_sessions")
    .set({
      status: st.status,
      payment_id: row.id,
      payment_method_id: pm?.id ?? null,
      pending_method: authToken ? JSON.stringify(pending) : null,
      auth_token: authToken,
      last_error_code: failure?.code ?? null,
      last_decline_code: failure?.declineCode ?? null,
      completed_at: st.status === "complete" ? now : null,
    })
    .where("id", "=", s.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  // The customer is on the page while authenticating: only outcomes are announced, not the wait.
  if (pt.status !== "requires_action") {
    const payment = toPayment(sim, row);
    const event = eventForStatus(payment, failure);
    if (event) await emit(trx, now, outbox, payment.id, event);
  }
  if (st.status === "complete") return { ok: true, redirectTo: updated.return_url };
  if (authToken) return { ok: true, redirectTo: authenticationUrl(sim, authToken) };
  return { ok: false, field: methodType === "card" ? "cardNumber" : "bank", error: "payments.sim.error.declined" };
}

export function createHostedPages(sim: Sim): HostedPages {
  return {
    async getCheckoutPage(sessionId) {
      const row = await sim.db
        .selectFrom("sim_sessions")
        .innerJoin("sim_customers", "sim_customers.id", "sim_sessions.customer_id")
        .selectAll("sim_sessions")
        .select(["sim_customers.name as customer_name", "sim_customers.email as customer_email"])
        .where("sim_sessions.id", "=", sessionId)
        .executeTakeFirst();
      if (!row) return null;
      const now = sim.clock.now();
      const expired = row.status === "expired" || ((row.status === "open" || row.status === "awaiting_authentication") && now >= row.expires_at);
      return {
        id: row.id,
        mode: row.mode,
        status: expired ? "expired" : row.status,
        amountCents: row.amount_cents,
        hold: row.capture_method === "manual",
        saveMethod: row.mode === "setup" || row.save_method,
        description: row.description,
        customerName: row.customer_name,
        customerEmail: row.customer_email,
        methods: row.methods as CheckoutMethod[],
        banks: idealBanks.map((b) => ({ code: b.code, name: b.name, test: Boolean(b.test) })),
        returnUrl: row.return_url,
        cancelUrl: row.cancel_url,
        authUrl: row.status === "awaiting_authentication" && row.auth_token ? authenticationUrl(sim, row.auth_token) : null,
        error: row.last_error_code ? (errorKeys[row.last_error_code] ?? "payments.sim.error.declined") : null,
      };
    },

    submitCard(sessionId, input) {
      return change(sim, async (trx, now, outbox): Promise<HostedResult> => {
        const s = await lockSession(trx, sessionId);
        const closed = closedResult(s, sim, now);
        if (closed || !s) return closed ?? { ok: false, field: "_form", error: "payments.sim.error.sessionClosed" };
        if (!s.methods.includes("card")) return { ok: false, field: "_form", error: "payments.sim.error.methodNotOffered" };
        const card = findTestCard(input.number);
        if (!card) return { ok: false, field: "cardNumber", error: "payments.sim.error.unknownTestCard" };
        if (cardExpired(input.expMonth, input.expYear, now)) return { ok: false, field: "expiry", error: "payments.sim.error.expiredCard" };
        const pending: PendingMethod = {
          kind: "card",
          brand: card.brand,
          last4: card.number.slice(-4),
          expMonth: input.expMonth,
          expYear: input.expYear,
          behaviour: card.behaviour,
        };

        if (s.mode === "payment") {
          return attemptSessionPayment(sim, trx, now, outbox, s, "card", cardOutcome(card.behaviour, "payment_on_session"), pending);
        }
        const outcome = cardOutcome(card.behaviour, "setup");
        const st = sessionTransition(s.status, { type: "submit", outcome: outcome.kind });
        if (!st.ok) return { ok: false, field: "_form", error: "payments.sim.error.sessionClosed" };
        if (outcome.kind === "succeed") {
          const pm = await insertCardMethod(trx, s.customer_id, pending, now);
          const updated = await trx
            .updateTable("sim_sessions")
            .set({ status: st.status, payment_method_id: pm.id, completed_at: now, last_error_code: null, last_decline_code: null })
            .where("id", "=", s.id)
            .returningAll()
            .executeTakeFirstOrThrow();
          const session = toSession(sim, updated);
          await emit(trx, now, outbox, session.id, { type: "setup.succeeded", metadata: session.metadata, session, paymentMethod: toMethod(pm) });
          return { ok: true, redirectTo: updated.return_url };
        }
        if (outcome.kind === "authenticate") {
          const token = newId("sa_sim_");
          await trx
            .updateTable("sim_sessions")
            .set({ status: st.status, pending_method: JSON.stringify(pending), auth_token: token, last_error_code: null, last_decline_code: null })
            .where("id", "=", s.id)
            .execute();
          return { ok: true, redirectTo: authenticationUrl(sim, token) };
        }
        const updated = await trx
          .updateTable("sim_sessions")
          .set({ status: st.status, last_error_code: outcome.failure.code, last_decline_code: outcome.failure.declineCode })
          .where("id", "=", s.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const session = toSession(sim, updated);
        await emit(trx, now, outbox, session.id, { type: "setup.failed", metadata: session.metadata, session, failure: outcome.failure });
        return { ok: false, field: "cardNumber", error: "payments.sim.error.declined" };
      });
    },

    chooseBank(sessionId, bankCode) {
      return change(sim, async (trx, now, outbox): Promise<HostedResult> => {
        const s = await lockSession(trx, sessionId);
        const closed = closedResult(s, sim, now);
        if (closed || !s) return closed ?? { ok: false, field: "_form", error: "payments.sim.error.sessionClosed" };
        if (!s.methods.includes("ideal")) return { ok: false, field: "_form", error: "payments.sim.error.methodNotOffered" };
        const bank = findBank(bankCode);
        if (!bank) return { ok: false, field: "bank", error: "payments.sim.error.unknownBank" };
        const pending: PendingMethod = { kind: "ideal", bank: bank.code };
        // iDEAL always sends the customer to their bank to approve.
        if (s.mode === "payment") return attemptSessionPayment(sim, trx, now, outbox, s, "ideal", { kind: "authenticate" }, pending);
        const st = sessionTransition(s.status, { type: "submit", outcome: "authenticate" });
        if (!st.ok) return { ok: false, field: "_form", error: "payments.sim.error.sessionClosed" };
        const token = newId("sa_sim_");
        await trx
          .updateTable("sim_sessions")
          .set({ status: st.status, pending_method: JSON.stringify(pending), auth_token: token, last_error_code: null, last_decline_code: null })
          .where("id", "=", s.id)
          .execute();
        return { ok: true, redirectTo: authenticationUrl(sim, token) };
      });
    },

    async getAuthenticationPage(token) {
      if (!/^sa_sim_[A-Za-z0-9]+$/.test(token)) return null;
      const s = await sim.db.selectFrom("sim_sessions").selectAll().where("auth_token", "=", token).executeTakeFirst();
      if (s) {
        const pending = s.pending_method as PendingMethod | null;
        const bank = pending?.kind === "ideal" ? findBank(pending.bank) : null;
        return {
          token,
          kind: pending?.kind === "ideal" ? "bank" : "card",
          mode: s.mode,
          amountCents: s.amount_cents,
          hold: s.capture_method === "manual",
          description: s.description,
          methodLabel: pending?.kind === "card" ? `${brandLabel(pending.brand)} •••• ${pending.last4}` : (bank?.name ?? ""),
          bankIsTest: Boolean(bank?.test),
          pending: s.status === "awaiting_authentication" && sim.clock.now() < s.expires_at,
          continueUrl: s.status === "complete" ? s.return_url : sessionUrl(sim, s.id),
        };
      }
      const p = await sim.db
        .selectFrom("sim_payments")
        .leftJoin("sim_payment_methods", "sim_payment_methods.id", "sim_payments.payment_method_id")
        .selectAll("sim_payments")
        .select(["sim_payment_methods.brand", "sim_payment_methods.last4"])
        .where("sim_payments.action_token", "=", token)
        .executeTakeFirst();
      if (!p) return null;
      return {
        token,
        kind: "card",
        mode: "payment",
        amountCents: p.amount_cents,
        hold: p.capture_method === "manual",
        description: p.description,
        methodLabel: p.brand && p.last4 ? `${brandLabel(p.brand)} •••• ${p.last4}` : "",
        bankIsTest: false,
        pending: p.status === "requires_action",
        continueUrl: p.return_url ?? authenticationUrl(sim, token),
      };
    },

    completeAuthentication(token, approve) {
      return change(sim, async (trx, now, outbox) => {
        if (!/^sa_sim_[A-Za-z0-9]+$/.test(token)) return null;
        const s = await trx.selectFrom("sim_sessions").selectAll().where("auth_token", "=", token).forUpdate().executeTakeFirst();
        if (s) return completeSessionAuthentication(sim, trx, now, outbox, s, approve);
        const p = await trx.selectFrom("sim_payments").selectAll().where("action_token", "=", token).forUpdate().executeTakeFirst();
        if (p) return completePaymentAuthentication(sim, trx, now, outbox, p, approve);
        return null;
      });
    },
  };
}

async function completeSessionAuthentication(sim: Sim, trx: Trx, now: Date, outbox: Outbox, s: SessionRow, approve: boolean) {
  if (s.status !== "awaiting_authentication" || now >= s.expires_at) {
    return { redirectTo: s.status === "complete" ? s.return_url : sessionUrl(sim, s.id), approved: false };
  }
  const pending = s.pending_method as PendingMethod;
  const failure = pending.kind === "ideal" ? bankDeclined : authenticationFailed;
  const st = sessionTransition(s.status, { type: "authentication", approved: approve });
  if (!st.ok) return { redirectTo: sessionUrl(sim, s.id), approved: false };

  if (s.mode === "setup") {
    const pm = approve ? await saveMethod(trx, s.customer_id, pending, now) : null;
    const updated = await trx
      .updateTable("sim_sessions")
      .set({
        status: st.status,
        payment_method_id: pm?.id ?? null,
        pending_method: null,
        completed_at: approve ? now : null,
        last_error_code: approve ? null : failure.code,
        last_decline_code: null,
      })
      .where("id", "=", s.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const session = toSession(sim, updated);
    if (pm) await emit(trx, now, outbox, session.id, { type: "setup.succeeded", metadata: session.metadata, session, paymentMethod: toMethod(pm) });
    else await emit(trx, now, outbox, session.id, { type: "setup.failed", metadata: session.metadata, session, failure });
    return { redirectTo: approve ? updated.return_url : sessionUrl(sim, s.id), approved: approve };
  }

  const p = s.payment_id ? await trx.selectFrom("sim_payments").selectAll().where("id", "=", s.payment_id).forUpdate().executeTakeFirst() : undefined;
  if (!p) return { redirectTo: sessionUrl(sim, s.id), approved: false };
  const methodType: PaymentMethodKind = pending.kind === "ideal" ? "ideal" : "card";
  const pt = paymentTransition(p.status, { type: "authentication", approved: approve }, { captureMethod: p.capture_method, methodType, onSession: true });
  if (!pt.ok) return { redirectTo: sessionUrl(sim, s.id), approved: false };
  const pm = approve && s.save_method ? await saveMethod(trx, s.customer_id, pending, now) : null;
  const updatedPayment = await trx
    .updateTable("sim_payments")
    .set({
      status: pt.status,
      payment_method_id: pm?.id ?? p.payment_method_id,
      amount_capturable_cents: pt.status === "requires_capture" ? p.amount_cents : 0,
      amount_received_cents: pt.status === "succeeded" ? p.amount_cents : 0,
      hold_expires_at: pt.status === "requires_capture" ? new Date(now.getTime() + CARD_HOLD_DAYS * 86_400_000) : null,
      last_error_code: approve ? null : failure.code,
      last_decline_code: null,
      last_error_message: approve ? null : failure.message,
      updated_at: now,
    })
    .where("id", "=", p.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .updateTable("sim_sessions")
    .set({
      status: st.status,
      payment_method_id: pm?.id ?? null,
      pending_method: null,
      completed_at: approve ? now : null,
      last_error_code: approve ? null : failure.code,
      last_decline_code: null,
    })
    .where("id", "=", s.id)
    .execute();
  const payment = toPayment(sim, updatedPayment);
  const event = eventForStatus(payment, approve ? null : failure);
  if (event) await emit(trx, now, outbox, payment.id, event);
  return { redirectTo: approve ? s.return_url : sessionUrl(sim, s.id), approved: approve };
}

/** The customer came back for an off-session payment that needed authentication (3-D Secure). */
async function completePaymentAuthentication(sim: Sim, trx: Trx, now: Date, outbox: Outbox, p: PaymentRow, approve: boolean) {
  const continueUrl = p.return_url ?? authenticationUrl(sim, p.action_token ?? "");
  const pt = paymentTransition(
    p.status,
    { type: "authentication", approved: approve },
    { captureMethod: p.capture_method, methodType: p.payment_method_type ?? "card", onSession: false },
  );
  if (!pt.ok) return { redirectTo: continueUrl, approved: false };
  const status = pt.status;
  const updated = await trx
    .updateTable("sim_payments")
    .set({
      status,
      amount_capturable_cents: status === "requires_capture" ? p.amount_cents : 0,
      amount_received_cents: status === "succeeded" ? p.amount_cents : 0,
      hold_expires_at: status === "requires_capture" ? new Date(now.getTime() + CARD_HOLD_DAYS * 86_400_000) : null,
      last_error_code: approve ? null : authenticationFailed.code,
      last_decline_code: approve ? null : authenticationFailed.declineCode,
      last_error_message: approve ? null : authenticationFailed.message,
      updated_at: now,
    })
    .where("id", "=", p.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const payment = toPayment(sim, updated);
  const event = eventForStatus(payment, approve ? null : authenticationFailed);
  if (event) await emit(trx, now, outbox, payment.id, event);
  return { redirectTo: continueUrl, approved: approve };
}
