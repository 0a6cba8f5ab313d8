import type { SessionUser } from "../auth/user";
import type { MessageKey } from "../i18n/i18n";
import { pledgeErrorField, pledgeErrorKey } from "./errors";
import { ensureGatewayCustomer, getGatewayCustomerId } from "../payments/customers.server";
import { GatewayRequestError } from "../payments/gateway";
import type { AppServices } from "../services.server";
import { centsToInput } from "../utils/money";
import type { PledgeInput } from "./pledge-schema";
import { paymentDeps, runPaymentAttempt } from "./payment-attempts.server";
import { pledgeToProject } from "./pledges.server";
import { attachIntentSession, confirmPledgeIntent, openPledgeIntent } from "./intents.server";
import type { PledgeIntentRow } from "../../db/schema";
import type { CompanionPayloads } from "./companions.server";
import type { PledgeRuleError } from "./pledge";
import { cardExpired, type SavedMethodOption, savedMethodOptions } from "./saved-methods";

/**
 * The pledge form's flow (docs/decisions/036-pledge-payment-flow.md):
 * - with a saved method: the pledge is saved in one transaction (all-or-nothing: nothing is
 *   charged; keep-what-you-raise: the charge runs right after commit);
 * - with "a new card or iDEAL": one step (decision 055) — the pledge is asked for (a pledge intent,
 *   its rules checked now), a hosted setup page saves the method (nothing is charged), and the
 *   pledge is made when the gateway says so; the backer lands on its confirmation page.
 * Outcomes come from the gateway, never from the return URL: the form simply lists the methods
 * the gateway holds for the backer.
 */

export type { SavedMethodOption } from "./saved-methods";

export async function listSavedMethods(services: Pick<AppServices, "db" | "gateway" | "clock">, userId: string): Promise<SavedMethodOption[]> {
  const customerId = await getGatewayCustomerId(services.db, userId, services.gateway.kind);
  if (!customerId) return [];
  return savedMethodOptions(await services.gateway.listPaymentMethods(customerId), services.clock.now());
}

export type PledgeFlowOutcome =
  | { kind: "redirect"; to: string; flash?: MessageKey; external?: boolean }
  /** `errors`: the message next to each field (the pledge's own, or a part given with it). */
  | { kind: "error"; errors: Record<string, MessageKey> };

const ruleError = (error: PledgeRuleError | "NotFound"): PledgeFlowOutcome => ({
  kind: "error",
  errors: { [pledgeErrorField(error)]: pledgeErrorKey(error) },
});

export { pledgeErrorField, pledgeErrorKey } from "./errors";

export async function submitPledge(
  services: AppServices,
  input: {
    user: SessionUser;
    project: { id: string; slug: string };
    form: PledgeInput;
    locale: "nl" | "en";
    /** What the backer gives with the pledge (shifts, a thing), by part (app/pledges/companions.server.ts). */
    companions?: CompanionPayloads;
  },
): Promise<PledgeFlowOutcome> {
  const { user, project, form } = input;
  const { db, gateway, env, clock } = services;
  const pledgePath = `/projects/${project.slug}/pledge`;

  if (!form.paymentMethod || form.paymentMethod === "new") {
    // One step: the pledge is asked for now (its rules checked before the backer leaves) and made
    // the moment the gateway has saved the method; the backer lands on its confirmation.
    const opened = await openPledgeIntent(db, {
      projectId: project.id,
      backerId: user.id,
      amountCents: form.amount,
      tierId: form.tierId,
      message: form.message,
      visibility: form.visibility,
      token: form.token,
      platformFeeBps: services.fees.platformBps,
      companions: input.companions,
      now: clock.now(),
    });
    if (!opened.ok) {
      if (opened.error === "CompanionFailed") return { kind: "error", errors: opened.errors };
      if (opened.error === "AlreadyPledged") return { kind: "redirect", to: pledgePath, flash: "pledges.error.AlreadyPledged" };
      return ruleError(opened.error);
    }
    const intent = opened.intent;
    if (intent.status !== "open") return { kind: "redirect", to: `/projects/${project.slug}/backed/${intent.id}` };
    const back = new URLSearchParams({
      amount: centsToInput(form.amount, input.locale),
      visibility: form.visibility,
      ...(form.tierId ? { tier: form.tierId } : {}),
      ...(form.message ? { message: form.message } : {}),
    });
    try {
      const customerId = await ensureGatewayCustomer(services, user);
      const session = await gateway.createSetupSession({
        customerId,
        returnUrl: `${env.APP_URL}/projects/${project.slug}/backed/${intent.id}`,
        cancelUrl: `${env.APP_URL}${pledgePath}?${back}`,
        metadata: { purpose: "pledge", userId: user.id, projectId: project.id, intentId: intent.id },
        // A double click returns the same intent, and the gateway the same page.
        idempotencyKey: `pledge-intent:${intent.id}`,
        locale: input.locale,
      });
      await attachIntentSession(db, intent.id, session.id);
      return { kind: "redirect", to: session.url, external: true };
    } catch (error) {
      if (error instanceof GatewayRequestError) return { kind: "error", errors: { _form: "pledges.error.gateway" } };
      throw error;
    }
  }

  // The method must be one of this backer's own saved methods.
  const customerId = await getGatewayCustomerId(db, user.id, gateway.kind);
  const method = customerId ? await gateway.getPaymentMethod(form.paymentMethod) : null;
  if (!method || method.customerId !== customerId) return { kind: "error", errors: { paymentMethod: "pledges.error.NoPaymentMethod" } };
  // An expired card is shown, not offered: its bank would refuse the charge at the deadline.
  if (method.card && cardExpired(method.card, clock.now())) return { kind: "error", errors: { paymentMethod: "pledges.error.MethodExpired" } };

  const result = await pledgeToProject(db, {
    projectId: project.id,
    backerId: user.id,
    amountCents: form.amount,
    tierId: form.tierId,
    message: form.message,
    visibility: form.visibility,
    token: form.token,
    paymentMethodRef: method.id,
    platformFeeBps: services.fees.platformBps,
    companions: input.companions,
    now: clock.now(),
  });
  if (!result.ok) {
    if (result.error === "CompanionFailed") return { kind: "error", errors: result.errors };
    if (result.error === "AlreadyPledged") return { kind: "redirect", to: pledgePath, flash: "pledges.error.AlreadyPledged" };
    return ruleError(result.error);
  }
  const receipt = `/me/pledges/${result.pledgeId}`;
  if (!result.chargeAttemptId) return { kind: "redirect", to: receipt, flash: "pledges.flash.saved" };

  // Keep-what-you-raise: charge now (after the pledge's transaction committed).
  return chargeNow(services, result.pledgeId, result.chargeAttemptId);
}

/**
 * Keep-what-you-raise: the charge of a pledge just made, run while the backer is here (3-D Secure
 * can ask them now). Where they go next: the receipt, the bank's page, or the fix page.
 */
export async function chargeNow(services: AppServices, pledgeId: string, chargeAttemptId: string): Promise<PledgeFlowOutcome> {
  const receipt = `/me/pledges/${pledgeId}`;
  // Keep-what-you-raise: charge now (after the pledge's transaction committed).
  try {
    const outcome = await runPaymentAttempt(paymentDeps(services), chargeAttemptId);
    if (!outcome) return { kind: "redirect", to: receipt, flash: "pledges.flash.processing" };
    switch (outcome.status) {
      case "succeeded":
        return { kind: "redirect", to: receipt, flash: "pledges.flash.charged" };
      case "processing":
        return { kind: "redirect", to: receipt, flash: "pledges.flash.processing" };
      case "requires_action":
        // The backer is here: send them to 3-D Secure now.
        return outcome.nextActionUrl
          ? { kind: "redirect", to: outcome.nextActionUrl, external: true }
          : { kind: "redirect", to: receipt, flash: "pledges.flash.paymentFailed" };
      case "failed":
        return { kind: "redirect", to: `${receipt}/fix`, flash: "pledges.flash.paymentFailed" };
      default: {
        const never: never = outcome;
        throw new Error(`Unknown outcome ${JSON.stringify(never)}`);
      }
    }
  } catch (error) {
    if (error instanceof GatewayRequestError) {
      // Unknown whether it happened: the settlement sweep repeats the same call with the same key.
      services.logger.warn({ err: error, pledgeId }, "charge at pledge time did not answer; the sweep retries");
      return { kind: "redirect", to: receipt, flash: "pledges.flash.processing" };
    }
    throw error;
  }
}

export type BackedView =
  { state: "confirmed"; pledgeId: string } | { state: "waiting" } | { state: "failed"; error: MessageKey; pledgeId: string | null } | { state: "expired" };

/**
 * Where a backer lands from the gateway's page (one step, decision 055): the intent is made into
 * the pledge now if the gateway already says the method is saved (its session, read back — the
 * return URL itself proves nothing), else the event will do it and the page waits.
 * Keep-what-you-raise: the charge runs now, and may send the backer on to their bank.
 */
export async function resumePledgeIntent(
  services: AppServices,
  intent: PledgeIntentRow,
): Promise<{ kind: "view"; view: BackedView } | Extract<PledgeFlowOutcome, { kind: "redirect" }>> {
  const { db, gateway, clock } = services;
  let current = intent;
  let chargeAttemptId: string | null = null;
  if (current.status === "open" && current.session_id) {
    try {
      const session = await gateway.getSession(current.session_id);
      if (session && session.status === "complete" && session.paymentMethodId) {
        const outcome = await confirmPledgeIntent(db, { intentId: current.id, paymentMethodId: session.paymentMethodId, now: clock.now() });
        if (outcome) chargeAttemptId = outcome.chargeAttemptId;
      }
    } catch (error) {
      // The gateway did not answer: its event will confirm the pledge; the page asks again.
      if (!(error instanceof GatewayRequestError)) throw error;
    }
    current = (await db.selectFrom("pledge_intents").selectAll().where("id", "=", current.id).executeTakeFirst()) ?? current;
  }
  switch (current.status) {
    case "open":
      return { kind: "view", view: { state: "waiting" } };
    case "expired":
      return { kind: "view", view: { state: "expired" } };
    case "failed":
      return {
        kind: "view",
        view: { state: "failed", error: pledgeErrorKey((current.error ?? "ProjectNotLive") as PledgeRuleError), pledgeId: null },
      };
    case "confirmed": {
      const pledgeId = current.pledge_id!;
      // A charge made by the event (or by a reload) that has not run yet: run it now.
      const pending =
        chargeAttemptId ??
        (
          await db
            .selectFrom("pledge_payment_attempts")
            .select("id")
            .where("pledge_id", "=", pledgeId)
            .where("kind", "=", "charge")
            .where("reason", "=", "pledge")
            .where("status", "=", "pending")
            .executeTakeFirst()
        )?.id ??
        null;
      if (pending) {
        const next = await chargeNow(services, pledgeId, pending);
        if (next.kind === "redirect" && (next.external || next.to.endsWith("/fix"))) return next;
      }
      return { kind: "view", view: { state: "confirmed", pledgeId } };
    }
    default: {
      const never: never = current.status;
      throw new Error(`Unknown intent status ${String(never)}`);
    }
  }
}
