import { describe, expect, it } from "vitest";
import { type PledgeStatus, pledgeStatuses } from "./pledge";
import { pledgeLedgerEntries } from "./pledge-ledger";

const ids = { projectId: "P", backerId: "B" };
const sum = (entries: { amountCents: number; book: string }[], book: string) => entries.filter((e) => e.book === book).reduce((s, e) => s + e.amountCents, 0);

describe("pledgeLedgerEntries", () => {
  it.each([
    [
      "saved",
      null,
      ["active", 2_500],
      [
        ["commitment", "project:P", 2_500],
        ["commitment", "backer:B", -2_500],
      ],
    ],
    [
      "raised",
      ["active", 2_500],
      ["active", 4_000],
      [
        ["commitment", "project:P", 1_500],
        ["commitment", "backer:B", -1_500],
      ],
    ],
    [
      "lowered",
      ["active", 2_500],
      ["active", 1_000],
      [
        ["commitment", "project:P", -1_500],
        ["commitment", "backer:B", 1_500],
      ],
    ],
    ["tier only (same amount)", ["active", 2_500], ["active", 2_500], []],
    [
      "cancelled",
      ["active", 2_500],
      ["cancelled", 2_500],
      [
        ["commitment", "project:P", -2_500],
        ["commitment", "backer:B", 2_500],
      ],
    ],
    [
      "released",
      ["active", 2_500],
      ["released", 2_500],
      [
        ["commitment", "project:P", -2_500],
        ["commitment", "backer:B", 2_500],
      ],
    ],
    [
      "charged (card)",
      ["active", 2_500],
      ["charged", 2_500],
      [
        ["commitment", "project:P", -2_500],
        ["commitment", "backer:B", 2_500],
        ["cash", "project:P", 2_500],
        ["cash", "backer:B", -2_500],
      ],
    ],
    [
      "declined",
      ["active", 2_500],
      ["payment_failed", 2_500],
      [
        ["commitment", "project:P", -2_500],
        ["commitment", "project_overdue:P", 2_500],
      ],
    ],
    [
      "fixed after a decline",
      ["payment_failed", 2_500],
      ["charged", 2_500],
      [
        ["commitment", "project_overdue:P", -2_500],
        ["commitment", "backer:B", 2_500],
        ["cash", "project:P", 2_500],
        ["cash", "backer:B", -2_500],
      ],
    ],
    [
      "SEPA processing",
      ["active", 2_500],
      ["processing", 2_500],
      [
        ["cash", "gateway:clearing", 2_500],
        ["cash", "backer:B", -2_500],
      ],
    ],
    [
      "SEPA settled",
      ["processing", 2_500],
      ["charged", 2_500],
      [
        ["commitment", "project:P", -2_500],
        ["commitment", "backer:B", 2_500],
        ["cash", "gateway:clearing", -2_500],
        ["cash", "project:P", 2_500],
      ],
    ],
    [
      "SEPA bounced",
      ["processing", 2_500],
      ["payment_failed", 2_500],
      [
        ["commitment", "project:P", -2_500],
        ["commitment", "project_overdue:P", 2_500],
        ["cash", "gateway:clearing", -2_500],
        ["cash", "backer:B", 2_500],
      ],
    ],
    [
      "dropped",
      ["payment_failed", 2_500],
      ["dropped", 2_500],
      [
        ["commitment", "project_overdue:P", -2_500],
        ["commitment", "backer:B", 2_500],
      ],
    ],
    [
      "refunded",
      ["charged", 2_500],
      ["refunded", 2_500],
      [
        ["cash", "project:P", -2_500],
        ["cash", "backer:B", 2_500],
      ],
    ],
  ] as const)("%s", (_name, before, after, expected) => {
    const entries = pledgeLedgerEntries(before ? { status: before[0], amountCents: before[1] } : null, { status: after[0], amountCents: after[1] }, ids);
    expect(entries.map((e) => [e.book, e.account, e.amountCents]).sort()).toEqual(expected.map((e) => [...e]).sort());
  });

  it("every pair of statuses and amounts gives balanced journals", () => {
    for (const a of pledgeStatuses) {
      for (const b of pledgeStatuses) {
        const entries = pledgeLedgerEntries({ status: a as PledgeStatus, amountCents: 700 }, { status: b as PledgeStatus, amountCents: 1_300 }, ids);
        expect([sum(entries, "cash"), sum(entries, "commitment")], `${a} → ${b}`).toEqual([0, 0]);
        expect(entries.every((e) => e.amountCents !== 0)).toBe(true);
      }
    }
  });
});
