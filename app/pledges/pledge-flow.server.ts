import { randomUUID } from "node:crypto";
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

/**
 * The pledge form's flow (docs/decisions/036-pledge-payment-flow.md):
 * - with a saved method: the pledge is saved in one transaction (all-or-nothing: nothing is
 *   charged; keep-what-you-raise: the charge runs right after commit);
 * - with "a new card or iDEAL": a hosted setup page saves the method first (nothing is charged)
 *   and sends the backer back to the form, filled in, to confirm.
 * Outcomes come from the gateway, never from the return URL: the form simply lists the methods
 * the gateway holds for the backer.
 */

export interface SavedMethodOption {
  id: string;
  label: string;
  type: "card" | "sepa_debit";
}

export async function listSavedMethods(services: Pick<AppServices, "db" | "gateway">, userId: string): Promise<SavedMethodOption[]> {
  const customerId = await getGatewayCustomerId(services.db, userId, services.gateway.kind);
  if (!customerId) return [];
  const methods = await services.gateway.listPaymentMethods(customerId);
  // Newest first: a method saved a moment ago is the one the backer means.
  return methods.reverse().map((m) => ({ id: m.id, label: m.label, type: m.type }));
}

export type PledgeFlowOutcome = { kind: "redirect"; to: string; flash?: MessageKey; external?: boolean } | { kind: "error"; field: string; error: MessageKey };

export { pledgeErrorField, pledgeErrorKey } from "./errors";

export async function submitPledge(
  services: AppServices,
  input: { user: SessionUser; project: { id: string; slug: string }; form: PledgeInput; locale: "nl" | "en" },
): Promise<PledgeFlowOutcome> {
  const { user, project, form } = input;
  const { db, gateway, env, clock } = services;
  const pledgePath = `/projects/${project.slug}/pledge`;

  if (!form.paymentMethod || form.paymentMethod === "new") {
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
        returnUrl: `${env.APP_URL}${pledgePath}?${back}&saved=1`,
        cancelUrl: `${env.APP_URL}${pledgePath}?${back}`,
        metadata: { purpose: "pledge", userId: user.id, projectId: project.id },
        // A double click opens two setup pages at worst; nothing is charged on them.
        idempotencyKey: `pledge-setup:${user.id}:${randomUUID()}`,
        locale: input.locale,
      });
      return { kind: "redirect", to: session.url, external: true };
    } catch (error) {
      if (error instanceof GatewayRequestError) return { kind: "error", field: "_form", error: "pledges.error.gateway" };
      throw error;
    }
  }

  // The method must be one of this backer's own saved methods.
  const customerId = await getGatewayCustomerId(db, user.id, gateway.kind);
  const method = customerId ? await gateway.getPaymentMethod(form.paymentMethod) : null;
  if (!method || method.customerId !== customerId) return { kind: "error", field: "paymentMethod", error: "pledges.error.NoPaymentMethod" };

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
    now: clock.now(),
  });
  if (!result.ok) {
    if (result.error === "AlreadyPledged") return { kind: "redirect", to: pledgePath, flash: "pledges.error.AlreadyPledged" };
    return { kind: "error", field: pledgeErrorField(result.error), error: pledgeErrorKey(result.error) };
  }
  const receipt = `/me/pledges/${result.pledgeId}`;
  if (!result.chargeAttemptId) return { kind: "redirect", to: receipt, flash: "pledges.flash.saved" };

  // Keep-what-you-raise: charge now (after the pledge's transaction committed).
  try {
    const outcome = await runPaymentAttempt(paymentDeps(services), result.chargeAttemptId);
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
      services.logger.warn({ err: error, pledgeId: result.pledgeId }, "charge at pledge time did not answer; the sweep retries");
      return { kind: "redirect", to: receipt, flash: "pledges.flash.processing" };
    }
    throw error;
  }
}
