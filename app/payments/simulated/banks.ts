/**
 * The simulated iDEAL bank choice. Approving at the (simulated) bank saves a SEPA Direct Debit
 * mandate, like Stripe's iDEAL setup does; charges on it are `processing` first and settle later.
 * One test bank makes later debits bounce, so the "SEPA failed after processing" path can be tried.
 */
export type SepaBehaviour = "settles" | "bounces";

export interface IdealBank {
  code: string;
  /** Bank names are not translated; the test bank's description is (payments.bank.testBounce). */
  name: string;
  /** Last four digits of the simulated IBAN the mandate is for. */
  ibanLast4: string;
  behaviour: SepaBehaviour;
  test?: boolean;
}

export const idealBanks: readonly IdealBank[] = [
  { code: "abn_amro", name: "ABN AMRO", ibanLast4: "4300", behaviour: "settles" },
  { code: "asn_bank", name: "ASN Bank", ibanLast4: "1207", behaviour: "settles" },
  { code: "bunq", name: "bunq", ibanLast4: "5521", behaviour: "settles" },
  { code: "ing", name: "ING", ibanLast4: "3000", behaviour: "settles" },
  { code: "knab", name: "Knab", ibanLast4: "7014", behaviour: "settles" },
  { code: "rabobank", name: "Rabobank", ibanLast4: "5264", behaviour: "settles" },
  { code: "regiobank", name: "RegioBank", ibanLast4: "8890", behaviour: "settles" },
  { code: "revolut", name: "Revolut", ibanLast4: "6032", behaviour: "settles" },
  { code: "sns_bank", name: "SNS", ibanLast4: "4411", behaviour: "settles" },
  { code: "triodos_bank", name: "Triodos Bank", ibanLast4: "2218", behaviour: "settles" },
  { code: "van_lanschot", name: "Van Lanschot Kempen", ibanLast4: "9076", behaviour: "settles" },
  { code: "test_bounce", name: "Testbank", ibanLast4: "0002", behaviour: "bounces", test: true },
];

export function findBank(code: string): IdealBank | null {
  return idealBanks.find((b) => b.code === code) ?? null;
}

export const debitFailed = {
  code: "debit_failed",
  declineCode: "insufficient_funds",
  message: "The SEPA Direct Debit was returned by the bank.",
} as const;
