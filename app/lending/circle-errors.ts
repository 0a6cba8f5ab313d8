import { isMessageKey, type MessageKey } from "../i18n/i18n";

/** A circle error code ("NameTaken") as the message key shown next to the field (docs/decisions/061). */
export function circleErrorKey(code: string): MessageKey {
  const key = `circles.error.${code}`;
  return isMessageKey(key) ? key : "form.invalid";
}
