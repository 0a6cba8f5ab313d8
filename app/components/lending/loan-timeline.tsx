import type { TimelineEntry } from "../../lending/views";
import { formatDateTime, formatMoney } from "../../i18n/format";
import { isMessageKey, type MessageKey } from "../../i18n/i18n";
import { useLocale, useT } from "../../i18n/use-t";
import { formatDay } from "./format";

type Entry = Omit<TimelineEntry, "occurredAt"> & { occurredAt: string | Date };

const known = new Set([
  "requested",
  "offered",
  "accept",
  "decline",
  "expire",
  "cancel",
  "confirm_handover",
  "mark_overdue",
  "confirm_return",
  "close",
  "file_claim",
  "dispute_claim",
  "accept_claim",
  "decide_claim",
  "request_extension",
  "accept_extension",
  "decline_extension",
]);

/** The lending ledger of one loan, oldest first: who did what, when, with their note. */
export function LoanTimeline({ entries }: { entries: Entry[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <ol className="relative space-y-4 border-l-2 border-brand-200 pl-5">
      {entries.map((e) => {
        const actor =
          e.actorRole === "system"
            ? t("lending.actor.system")
            : e.actorRole === "moderator"
              ? t("lending.actor.moderator", { name: e.actorName ?? "" })
              : (e.actorName ?? "");
        const data = e.data as { startsOn?: string; endsOn?: string; newEndsOn?: string; amountCents?: number };
        const params = {
          actor,
          kind: e.kind,
          from: data.startsOn ? formatDay(data.startsOn, locale) : "",
          to: data.endsOn ? formatDay(data.endsOn, locale) : "",
          date: data.newEndsOn ? formatDay(data.newEndsOn, locale) : "",
          amount: formatMoney(data.amountCents ?? 0, locale),
        };
        const key = (known.has(e.kind) ? `lending.event.${e.kind}` : "lending.event.unknown") as MessageKey;
        // System notes are message keys (translated); people's notes are shown as they wrote them.
        const note = e.note ? (isMessageKey(e.note) ? t(e.note) : e.note) : null;
        return (
          <li key={e.id} className="relative">
            <span aria-hidden="true" className="absolute -left-[27px] top-1.5 h-3 w-3 rounded-full bg-brand-600" />
            <p className="font-medium">{t(key, params)}</p>
            <p className="text-sm text-stone-600">
              <time dateTime={new Date(e.occurredAt).toISOString()}>{formatDateTime(e.occurredAt, locale)}</time>
            </p>
            {note ? <p className="mt-1 whitespace-pre-line rounded-lg bg-stone-100 p-2 text-sm text-stone-800">{note}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}
