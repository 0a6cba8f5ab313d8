import { formatDateTime } from "../../i18n/format";
import { useLocale, useT } from "../../i18n/use-t";
import { timeLeft, timeLeftKey } from "../../projects/project";

/** "nog 12 dagen" / "eindigt morgen om 19:27" / "Afgelopen", with the exact deadline for those who want it. */
export function TimeLeft({ endsAt, now }: { endsAt: Date | string | null; now: Date | string }) {
  const t = useT();
  const locale = useLocale();
  if (!endsAt) return null;
  const left = timeLeft(new Date(endsAt), new Date(now));
  if (!left) return null;
  const words = timeLeftKey(left);
  const text = t(words.key, words.params);
  return (
    <time dateTime={new Date(endsAt).toISOString()} title={formatDateTime(endsAt, locale)}>
      {text}
    </time>
  );
}
