import { isMessageKey, type MessageKey } from "../i18n/i18n";

/** A moderation business error ("AlreadyReported") as the message shown next to the form. */
export function moderationErrorKey(code: string): MessageKey {
  const key = `moderation.error.${code}`;
  return isMessageKey(key) ? key : "form.invalid";
}

/** The label of a reportable kind; kinds added later without a label read "something else". */
export function kindLabelKey(kind: string): MessageKey {
  const key = `moderation.kind.${kind}`;
  return isMessageKey(key) ? key : "moderation.kind.other";
}
