/** Local (Amsterdam) wall-clock times for shifts. Pure. */
import { dateTimeFormat } from "../utils/intl";

export const TIME_ZONE = "Europe/Amsterdam";

function offsetMinutes(instant: Date): number {
  const parts = dateTimeFormat("en-US", { timeZone: TIME_ZONE, timeZoneName: "longOffset" }).formatToParts(instant);
  const name = parts.find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** "2027-06-12" + "10:00" in Amsterdam → the instant. A time the clocks skip (02:30 in March) moves on an hour. */
export function amsterdamInstant(day: string, time: string): Date {
  const naive = new Date(`${day}T${time}:00Z`);
  const guess = new Date(naive.getTime() - offsetMinutes(naive) * 60_000);
  return new Date(naive.getTime() - offsetMinutes(guess) * 60_000);
}

/** The Amsterdam day ("YYYY-MM-DD") and time ("HH:MM") of an instant, for forms. */
export function amsterdamParts(instant: Date): { day: string; time: string } {
  const f = dateTimeFormat("en-CA", {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const p = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, x.value]));
  return { day: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}
