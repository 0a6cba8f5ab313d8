import { useT } from "../../i18n/use-t";
import type { SubscriptionStatus } from "../../recurring/subscription";

const tone: Record<SubscriptionStatus, string> = {
  pending: "bg-amber-100 text-amber-900",
  active: "bg-green-100 text-green-900",
  paused: "bg-stone-200 text-stone-800",
  past_due: "bg-red-100 text-red-900",
  cancelled: "bg-stone-200 text-stone-800",
};

/** A monthly gift's status as a badge (text, never colour alone). */
export function GiftStatusBadge({ status }: { status: SubscriptionStatus }) {
  const t = useT();
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${tone[status]}`}>{t(`recurring.status.${status}`)}</span>;
}
