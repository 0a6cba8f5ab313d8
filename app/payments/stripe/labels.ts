/**
 * Display names for what Stripe reports as codes: card brands (`PaymentMethod.card.brand`) and the
 * iDEAL banks a SEPA Direct Debit mandate was set up through (`SetupAttempt…ideal.bank`).
 * Brand and bank names are not translated. Labels follow the simulated gateway's format, so the
 * pages look the same with either gateway: "Visa •••• 4242", "ING •••• 3000 (SEPA)".
 */

const brands: Readonly<Record<string, string>> = {
  amex: "American Express",
  cartes_bancaires: "Cartes Bancaires",
  diners: "Diners Club",
  discover: "Discover",
  eftpos_au: "eftpos",
  jcb: "JCB",
  link: "Link",
  mastercard: "Mastercard",
  unionpay: "UnionPay",
  visa: "Visa",
};

/** Stripe's iDEAL bank codes (the `Ideal.Bank` enum of the pinned API version). */
const idealBanks: Readonly<Record<string, string>> = {
  abn_amro: "ABN AMRO",
  adyen: "Adyen",
  asn_bank: "ASN Bank",
  bunq: "bunq",
  buut: "Buut",
  finom: "Finom",
  handelsbanken: "Handelsbanken",
  ing: "ING",
  knab: "Knab",
  mollie: "Mollie",
  moneyou: "Moneyou",
  n26: "N26",
  nn: "Nationale-Nederlanden",
  rabobank: "Rabobank",
  regiobank: "RegioBank",
  revolut: "Revolut",
  sns_bank: "SNS",
  triodos_bank: "Triodos Bank",
  van_lanschot: "Van Lanschot Kempen",
  yoursafe: "Yoursafe",
};

export function brandName(brand: string): string {
  return brands[brand] ?? (brand === "unknown" || !brand ? "Card" : brand);
}

export function idealBankName(code: string | null | undefined): string | null {
  return code ? (idealBanks[code] ?? code) : null;
}

export function cardLabel(brand: string, last4: string): string {
  return `${brandName(brand)} •••• ${last4}`;
}

export function sepaLabel(bankName: string, last4: string): string {
  return `${bankName} •••• ${last4} (SEPA)`;
}
