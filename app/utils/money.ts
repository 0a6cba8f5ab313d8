/**
 * Money is integer cents (EUR) everywhere: in the database (bigint/integer with CHECKs), in domain
 * types and in the ledger. Conversion to and from text happens only here.
 */
export type Cents = number;

export type AmountError = "required" | "invalid" | "negative" | "zero" | "too_many_decimals" | "too_large" | "no_leading_digit";
export type ParsedAmount = { ok: true; cents: Cents } | { ok: false; error: AmountError };

/** Anything beyond this is "absurdly large" whatever the caller's own limit (€ 10 million). */
export const ABSOLUTE_MAX_CENTS = 1_000_000_000;

const GROUPED = (sep: string) => new RegExp(`^[1-9]\\d{0,2}(\\${sep}\\d{3})+$`);

/**
 * Parses what people type for an amount of euros, in Dutch or English notation:
 * "12", "12,50", "12.50", "€ 12,50", "EUR 12", "1.250,00", "1,250.00", "12,-". A bare decimal part
 * (",50") is refused: write "0,50".
 * Both separators are understood in both languages; only a lone separator followed by exactly
 * three digits is ambiguous ("1.250"): it groups thousands when it is the reader's own grouping
 * separator (nl ".", en ","), and otherwise counts as three decimals, which is refused.
 */
export function parseAmount(input: string | null | undefined, locale: string = "nl"): ParsedAmount {
  if (input === null || input === undefined) return { ok: false, error: "required" };
  let s = input.replace(/[\s\u00a0\u202f]/g, "");
  if (s === "") return { ok: false, error: "required" };
  s = s.replace(/^(€|eur)/i, "").replace(/(€|euro|eur)$/i, "");
  s = s.replace(/[.,]-$/, ""); // "12,-" is Dutch for twelve euros
  let negative = false;
  if (s.startsWith("-") || s.startsWith("−")) {
    negative = true;
    s = s.slice(1);
  } else if (s.startsWith("+")) {
    s = s.slice(1);
  }
  s = s.replace(/^(€|eur)/i, "");
  if (!/^[0-9.,]+$/.test(s) || !/\d/.test(s)) return { ok: false, error: "invalid" };
  // ",50" / ".5": a mature platform asks for the digit before the separator (0,50) rather than guess.
  if (/^[.,]/.test(s)) return { ok: false, error: "no_leading_digit" };

  let integerPart: string;
  let decimalPart = "";
  const lastDot = s.lastIndexOf(".");
  const lastComma = s.lastIndexOf(",");
  if (lastDot >= 0 && lastComma >= 0) {
    const decimalSep = lastDot > lastComma ? "." : ",";
    const groupSep = decimalSep === "." ? "," : ".";
    const at = s.lastIndexOf(decimalSep);
    integerPart = s.slice(0, at);
    decimalPart = s.slice(at + 1);
    if (decimalPart.includes(groupSep) || decimalPart.includes(decimalSep)) return { ok: false, error: "invalid" };
    if (!GROUPED(groupSep).test(integerPart)) return { ok: false, error: "invalid" };
    integerPart = integerPart.split(groupSep).join("");
  } else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? "." : ",";
    const parts = s.split(sep);
    const localGroupSep = locale === "en" ? "," : ".";
    if (parts.length > 2 || (sep === localGroupSep && GROUPED(sep).test(s))) {
      if (!GROUPED(sep).test(s)) return { ok: false, error: "invalid" };
      integerPart = parts.join("");
    } else {
      integerPart = parts[0] ?? "";
      decimalPart = parts[1] ?? "";
    }
  } else {
    integerPart = s;
  }
  if (integerPart === "") integerPart = "0";
  if (!/^\d+$/.test(integerPart) || !/^\d*$/.test(decimalPart)) return { ok: false, error: "invalid" };
  if (decimalPart.length > 2) return { ok: false, error: "too_many_decimals" };
  const stripped = integerPart.replace(/^0+(?=\d)/, "");
  if (stripped.length > 10) return { ok: false, error: "too_large" };
  const cents = Number(stripped) * 100 + Number(decimalPart.padEnd(2, "0") || "0");
  if (negative && cents > 0) return { ok: false, error: "negative" };
  if (cents === 0) return { ok: false, error: "zero" };
  if (cents > ABSOLUTE_MAX_CENTS) return { ok: false, error: "too_large" };
  return { ok: true, cents };
}

const intlLocale = (locale: string) => (locale === "en" ? "en-IE" : "nl-NL");

const formatters = new Map<string, Intl.NumberFormat>();
/** "€ 12,50" (nl) / "€12.50" (en). Whole euros drop the cents when `compact` is set. */
export function formatCents(cents: Cents, locale: string, options: { compact?: boolean } = {}): string {
  const whole = options.compact && cents % 100 === 0;
  const key = `${locale}:${whole}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(intlLocale(locale), {
      style: "currency",
      currency: "EUR",
      minimumFractionDigits: whole ? 0 : 2,
      maximumFractionDigits: whole ? 0 : 2,
    });
    formatters.set(key, f);
  }
  return f.format(cents / 100);
}

/** The value to put back into an amount input: "12,50" (nl) / "12.50" (en). */
export function centsToInput(cents: Cents, locale: string): string {
  const euros = Math.trunc(cents / 100);
  const rest = String(Math.abs(cents % 100)).padStart(2, "0");
  return `${euros}${locale === "en" ? "." : ","}${rest}`;
}

export function sumCents(values: readonly Cents[]): Cents {
  return values.reduce((a, b) => a + b, 0);
}

/** Whole percentage of `part` in `total`, rounded down (99.9% funded is not 100%). */
export function percentOf(part: Cents, total: Cents): number {
  if (total <= 0) return 0;
  return Math.floor((part * 100) / total);
}

export function assertCents(value: number, what = "amount"): Cents {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be whole cents, got ${value}`);
  return value;
}
