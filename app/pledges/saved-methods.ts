import type { SavedMethodType, SavedPaymentMethod } from "../payments/gateway";

/** A saved method as the pledge form offers it (issue 13 §15): once per card, with its expiry. */
export interface SavedMethodOption {
  id: string;
  label: string;
  type: SavedMethodType;
  /** A card's expiry, "MM/YY" the way it is printed on the card; null for a mandate. */
  expires: string | null;
  /** A card past its last month: shown, not choosable (the bank would refuse it). */
  expired: boolean;
}

/** The same card or account saved twice (a second checkout, a retried setup) is one choice. */
function sameMethodKey(m: SavedPaymentMethod): string {
  if (m.card) return `card:${m.card.brand}:${m.card.last4}:${m.card.expMonth}:${m.card.expYear}`;
  if (m.sepaDebit) return `sepa:${m.sepaDebit.bankName}:${m.sepaDebit.last4}`;
  return `id:${m.id}`;
}

/** A card is valid through the last day of its expiry month. */
export function cardExpired(card: { expMonth: number; expYear: number }, now: Date): boolean {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  return card.expYear < year || (card.expYear === year && card.expMonth < month);
}

/** Newest first (the method saved a moment ago is the one the backer means), each card once. */
export function savedMethodOptions(methods: readonly SavedPaymentMethod[], now: Date): SavedMethodOption[] {
  // The gateway lists oldest first; equal times keep that order reversed.
  const newestFirst = [...methods].reverse().sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const seen = new Set<string>();
  const options: SavedMethodOption[] = [];
  for (const m of newestFirst) {
    const key = sameMethodKey(m);
    if (seen.has(key)) continue;
    seen.add(key);
    options.push({
      id: m.id,
      label: m.label,
      type: m.type,
      expires: m.card ? `${String(m.card.expMonth).padStart(2, "0")}/${String(m.card.expYear % 100).padStart(2, "0")}` : null,
      expired: m.card ? cardExpired(m.card, now) : false,
    });
  }
  return options;
}
