import { formatDateTime } from "../../i18n/format";
import { useLocale, useT } from "../../i18n/use-t";
import { timeLeft } from "../../projects/project";

/** "nog 12 dagen" / "nog 5 uur" / "Afgelopen", with the exact deadline for those who want it. */
export function TimeLeft({ endsAt, now }: { endsAt: Date | string | null; now: Date | string }) {
  const t = useT();
  const locale = useLocale();
  if (!endsAt) return null;
  const left = timeLeft(new Date(endsAt), new Date(now));
  if (!left) return null;
  const text = left.ended ? t("projects.time.ended") : left.days >= 1 ? t("time.daysLeft", { count: left.days }) : t("time.hoursLeft", { count: left.hours });
  return (
    <time dateTime={new Date(endsAt).toISOString()} title={formatDateTime(endsAt, locale)}>
      {text}
    </time>
  );
}
