import type { PledgeStatus } from "../../pledges/pledge";
import type { ProjectStatus } from "../../projects/project";
import { useT } from "../../i18n/use-t";

const projectTone: Record<ProjectStatus, string> = {
  draft: "bg-stone-100 text-stone-800",
  submitted: "bg-amber-100 text-amber-900",
  changes_requested: "bg-orange-100 text-orange-900",
  approved: "bg-sky-100 text-sky-900",
  live: "bg-brand-100 text-brand-900",
  succeeded: "bg-brand-700 text-white",
  failed: "bg-stone-200 text-stone-800",
  cancelled: "bg-red-100 text-red-900",
  paid_out: "bg-brand-800 text-white",
};

export function ProjectStatusBadge({ status }: { status: ProjectStatus }) {
  const t = useT();
  return <span className={`inline-block rounded-full px-2.5 py-0.5 text-xs font-semibold ${projectTone[status]}`}>{t(`projects.status.${status}`)}</span>;
}

const pledgeTone: Record<PledgeStatus, string> = {
  active: "bg-brand-100 text-brand-900",
  processing: "bg-sky-100 text-sky-900",
  charged: "bg-brand-700 text-white",
  payment_failed: "bg-red-100 text-red-900",
  cancelled: "bg-stone-100 text-stone-800",
  dropped: "bg-stone-200 text-stone-800",
  released: "bg-stone-100 text-stone-800",
  refunded: "bg-amber-100 text-amber-900",
  disputed: "bg-red-100 text-red-900",
  charged_back: "bg-stone-200 text-stone-800",
};

export function PledgeStatusBadge({ status }: { status: PledgeStatus }) {
  const t = useT();
  return <span className={`inline-block rounded-full px-2.5 py-0.5 text-xs font-semibold ${pledgeTone[status]}`}>{t(`pledges.status.${status}`)}</span>;
}
