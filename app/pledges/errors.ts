import type { MessageKey } from "../i18n/i18n";
import type { PledgeRuleError } from "./pledge";

const fieldOf: Partial<Record<PledgeRuleError, string>> = {
  BelowMinimum: "amount",
  AboveMaximum: "amount",
  BelowTierMinimum: "amount",
  TierNotFound: "tierId",
  SoldOut: "tierId",
  NoPaymentMethod: "paymentMethod",
};

/** A pledge rule's error as the message shown next to its field. */
export function pledgeErrorKey(error: PledgeRuleError | "NotFound" | "CompanionFailed"): MessageKey {
  return `pledges.error.${error}`;
}

/** The form field a pledge rule's error belongs next to. */
export function pledgeErrorField(error: PledgeRuleError | "NotFound" | "CompanionFailed"): string {
  return (error !== "NotFound" && error !== "CompanionFailed" && fieldOf[error]) || "_form";
}
