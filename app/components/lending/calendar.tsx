import { useMemo, useState } from "react";
import { addDays, eachDay } from "../../lending/days";
import { intlLocale } from "../../i18n/i18n";
import { dateTimeFormat } from "../../utils/intl";
import { useLocale, useT } from "../../i18n/use-t";
import { formatDay } from "./format";

/**
 * The first and last day a form asks for, picked on the calendar or typed in the date fields:
 * a click picks the first day, the next click (on or after it) the last.
 */
export function useDayRange(initial: { startsOn?: string; endsOn?: string }) {
  const [startsOn, setStartsOn] = useState(initial.startsOn ?? "");
  const [endsOn, setEndsOn] = useState(initial.endsOn ?? "");
  const picking: "first" | "last" = !startsOn || (startsOn && endsOn) ? "first" : "last";
  const pick = (day: string) => {
    if (picking === "first" || day < startsOn) {
      setStartsOn(day);
      setEndsOn("");
    } else setEndsOn(day);
  };
  return { startsOn, endsOn, setStartsOn, setEndsOn, picking, pick };
}

interface CalendarProps {
  from: string;
  to: string;
  today: string;
  booked: { startsOn: string; endsOn: string }[];
  /** The chosen range (highlighted); with `onPick`, free days are buttons that choose it. */
  selected?: { startsOn: string; endsOn: string } | null;
  onPick?: (day: string) => void;
  picking?: "first" | "last";
}

/**
 * Month grids showing which days are booked. Booked days are struck through and say so to
 * screen readers; with `onPick`, free days are buttons (the date fields stay the source of truth,
 * so the form works without JavaScript too).
 */
export function AvailabilityCalendar({ from, to, today, booked, selected, onPick, picking = "first" }: CalendarProps) {
  const t = useT();
  const locale = useLocale();
  const bookedDays = useMemo(() => new Set(booked.flatMap((b) => eachDay(b.startsOn, b.endsOn))), [booked]);
  const months = useMemo(() => {
    const out: { key: string; days: string[] }[] = [];
    for (const day of eachDay(from, to)) {
      const key = day.slice(0, 7);
      const last = out[out.length - 1];
      if (last && last.key === key) last.days.push(day);
      else out.push({ key, days: [day] });
    }
    return out;
  }, [from, to]);
  const weekdays = useMemo(() => {
    // 2026-01-05 is a Monday.
    const f = dateTimeFormat(intlLocale[locale], { weekday: "short", timeZone: "UTC" });
    return eachDay("2026-01-05", "2026-01-11").map((d) => ({
      short: f.format(new Date(`${d}T12:00:00Z`)),
      long: dateTimeFormat(intlLocale[locale], { weekday: "long", timeZone: "UTC" }).format(new Date(`${d}T12:00:00Z`)),
    }));
  }, [locale]);
  const monthName = (key: string) =>
    dateTimeFormat(intlLocale[locale], { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${key}-15T12:00:00Z`));
  const inSelection = (day: string) => Boolean(selected && selected.startsOn && day >= selected.startsOn && day <= (selected.endsOn || selected.startsOn));

  return (
    <div>
      <p className="text-sm text-stone-700">{t("lending.calendar.legend")}</p>
      <div className="mt-3 grid gap-6 sm:grid-cols-2">
        {months.map((month) => {
          const first = `${month.key}-01`;
          const lead = (new Date(`${first}T12:00:00Z`).getUTCDay() + 6) % 7;
          const cells: (string | null)[] = [
            ...Array.from({ length: lead }, () => null),
            ...eachDay(first, addDays(`${month.key}-01`, 40)).filter((d) => d.startsWith(month.key)),
          ];
          const weeks: (string | null)[][] = [];
          for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
          return (
            <table key={month.key} className="w-full table-fixed border-collapse text-center text-sm">
              <caption className="mb-2 text-left font-semibold capitalize">{monthName(month.key)}</caption>
              <thead>
                <tr>
                  {weekdays.map((w) => (
                    <th key={w.long} scope="col" abbr={w.long} className="pb-1 font-medium text-stone-600">
                      {w.short}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {weeks.map((week, wi) => (
                  <tr key={wi}>
                    {Array.from({ length: 7 }, (_, di) => {
                      const day = week[di] ?? null;
                      if (!day) return <td key={di} />;
                      const outside = day < from || day > to;
                      const isBooked = bookedDays.has(day);
                      const chosen = inSelection(day);
                      const label = `${formatDay(day, locale)}: ${isBooked ? t("lending.calendar.booked") : t("lending.calendar.free")}`;
                      const base = "mx-auto flex h-9 w-9 items-center justify-center rounded-md";
                      if (outside || isBooked || !onPick) {
                        return (
                          <td key={di}>
                            <span
                              className={`${base} ${isBooked ? "bg-stone-200 text-stone-600 line-through" : chosen ? "bg-brand-700 text-white" : outside ? "text-stone-500" : "text-stone-900"} ${day === today ? "ring-2 ring-brand-600" : ""}`}
                            >
                              <span aria-hidden="true">{Number(day.slice(8))}</span>
                              <span className="sr-only">{label}</span>
                            </span>
                          </td>
                        );
                      }
                      return (
                        <td key={di}>
                          <button
                            type="button"
                            onClick={() => onPick(day)}
                            aria-pressed={chosen}
                            aria-label={`${label}. ${t("lending.calendar.pick", { date: formatDay(day, locale), which: t(picking === "first" ? "lending.calendar.first" : "lending.calendar.last") })}`}
                            className={`${base} ${chosen ? "bg-brand-700 text-white" : "hover:bg-brand-50"} ${day === today ? "ring-2 ring-brand-600" : ""}`}
                          >
                            {Number(day.slice(8))}
                          </button>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          );
        })}
      </div>
    </div>
  );
}
