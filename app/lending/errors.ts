import { isMessageKey, type MessageKey } from "../i18n/i18n";

/**
 * A business error code from the lending module ("DaysTaken") as the message key shown next to
 * the field ("lending.error.DaysTaken"). Image errors are keys already.
 */
export function lendingErrorKey(code: string): MessageKey {
  if (isMessageKey(code)) return code;
  const key = `lending.error.${code}`;
  return isMessageKey(key) ? key : "form.invalid";
}

/**
 * The form field a lending business error belongs next to (requests, offers, loan actions, items,
 * wanted posts); everything else goes to the top of the form.
 */
const fieldOf: Record<string, string> = {
  StartInPast: "startsOn",
  TooFarAhead: "startsOn",
  TooLong: "endsOn",
  EndBeforeStart: "endsOn",
  DaysTaken: "endsOn",
  DaysYours: "endsOn",
  ReasonRequired: "reason",
  ClaimTooHigh: "amount",
  DecisionTooHigh: "amount",
  PhotosRequired: "photos",
  DescriptionRequired: "description",
  ExtensionNotLater: "newEndsOn",
  ExtensionTooLong: "newEndsOn",
  ExtensionInPast: "newEndsOn",
  TooManyMessages: "body",
  Empty: "body",
};

export function lendingErrorField(code: string, context: "request" | "loan" = "request"): string {
  if (code.startsWith("image.")) return "photos";
  // On the loan page "TooLong" is a message's length; on a request, the number of days.
  if (context === "loan" && code === "TooLong") return "body";
  if (context === "loan" && code === "DaysTaken") return "_form";
  return fieldOf[code] ?? "_form";
}
