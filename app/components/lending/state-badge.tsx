import type { LoanState } from "../../lending/loan";
import { useT } from "../../i18n/use-t";

const tone: Record<LoanState, string> = {
  requested: "bg-amber-100 text-amber-900",
  accepted: "bg-brand-100 text-brand-900",
  picked_up: "bg-brand-100 text-brand-900",
  overdue: "bg-red-100 text-red-900",
  returned: "bg-sky-100 text-sky-900",
  claimed: "bg-red-100 text-red-900",
  resolved: "bg-stone-200 text-stone-900",
  closed: "bg-stone-200 text-stone-900",
  declined: "bg-stone-200 text-stone-900",
  expired: "bg-stone-200 text-stone-900",
  cancelled: "bg-stone-200 text-stone-900",
};

export function LoanStateBadge({ state }: { state: LoanState }) {
  const t = useT();
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-semibold ${tone[state]}`}>{t(`lending.loan.state.${state}`)}</span>;
}
