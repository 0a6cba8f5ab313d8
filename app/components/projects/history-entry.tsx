import { formatDateTime } from "../../i18n/format";
import type { MessageKey } from "../../i18n/i18n";
import { useLocale, useT } from "../../i18n/use-t";
import type { ProjectHistoryEntry } from "../../projects/views";

/**
 * One line of a project's history (the dashboard, the moderators' review page): a status change,
 * or a change of the team (`team_*`: who, in which role, by whom — decision 071).
 */
export function HistoryEntry({ entry: e }: { entry: ProjectHistoryEntry }) {
  const t = useT();
  const locale = useLocale();
  const what = e.member
    ? t(`team.event.${e.event}` as MessageKey, { name: e.member.displayName, role: t(`team.role.${e.member.role}`) })
    : t(`projects.status.${e.to}` as MessageKey);
  return (
    <li>
      <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at, locale)}</time> — {what}
      {e.actor ? ` (${e.actor.displayName})` : ""}
      {e.note ? <span className="block whitespace-pre-line text-stone-700">“{e.note}”</span> : null}
    </li>
  );
}
