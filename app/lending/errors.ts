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
