import { describe, expect, it } from "vitest";
import { buildProjectLedger, type LedgerJournalInput, projectLedgerCsv } from "./project-ledger";

const P = "p1";
let id = 0;
const j = (kind: string, entries: [string, string, number][], refs: Record<string, string> = { projectId: P }): LedgerJournalInput => ({
  id: ++id,
  kind,
  postedAt: new Date("2026-12-01T10:00:00Z"),
  refs,
  entries: entries.map(([book, account, amountCents]) => ({ book: book as "cash" | "commitment", account, amountCents })),
  link: { seq: id, prevHash: "0".repeat(64), hash: "1".repeat(64), digest: "2".repeat(64) },
});

describe("buildProjectLedger", () => {
  it("totals collected, fees, refunds and payouts, with a running balance", () => {
    const journals = [
      j(
        "pledge.charged",
        [
          ["cash", "backer:u1", -5000],
          ["cash", "project:p1", 5000],
        ],
        { projectId: P, pledgeId: "a" },
      ),
      j(
        "pledge.charged",
        [
          ["cash", "backer:u2", -2500],
          ["cash", "project:p1", 2500],
        ],
        { projectId: P, pledgeId: "b" },
      ),
      j("fee.processing", [
        ["cash", "project:p1", -37],
        ["cash", "gateway:fees", 37],
      ]),
      j("fee.platform", [
        ["cash", "project:p1", -150],
        ["cash", "platform:fees", 150],
      ]),
      j(
        "pledge.refunded",
        [
          ["cash", "project:p1", -2500],
          ["cash", "backer:u2", 2500],
        ],
        { projectId: P, pledgeId: "b" },
      ),
      j("payout.sent", [
        ["cash", "project:p1", -4813],
        ["cash", "payout:p1", 4813],
      ]),
      j(
        "pledge.charged",
        [
          ["cash", "backer:u3", -100],
          ["cash", "project:p2", 100],
        ],
        { projectId: "p2" },
      ), // another project's
    ];
    const { lines, totals } = buildProjectLedger(P, journals, new Map([["a", "Anna"]]));
    expect(lines.map((l) => [l.kind, l.name, l.cashDeltaCents, l.balanceCents])).toEqual([
      ["pledge.charged", "Anna", 5000, 5000],
      ["pledge.charged", null, 2500, 7500],
      ["fee.processing", null, -37, 7463],
      ["fee.platform", null, -150, 7313],
      ["pledge.refunded", null, -2500, 4813],
      ["payout.sent", null, -4813, 0],
    ]);
    expect(totals).toEqual({ collectedCents: 7500, refundedCents: 2500, feesCents: 187, paidOutCents: 4813, balanceCents: 0, committedCents: 0 });
    expect(lines[4]!.entries).toEqual([
      ["cash", "backer:*", 2500],
      ["cash", "project:p1", -2500],
    ]);
  });

  it("writes CSV cells a spreadsheet will not run as formulas, and numbers as numbers", () => {
    const { lines } = buildProjectLedger(
      P,
      [
        j(
          "pledge.refunded",
          [
            ["cash", "project:p1", -2500],
            ["cash", "backer:u2", 2500],
          ],
          { projectId: P, pledgeId: "x" },
        ),
      ],
      new Map([["x", "=HYPERLINK(1)"]]),
    );
    const csv = projectLedgerCsv("project:p1", lines, {
      dialect: "nl",
      describe: (l) => `Terug aan ${l.name}`,
      anonymous: "een buur",
      header: ["a", "b", "c", "d", "e", "f"],
    });
    const row = csv.split("\r\n")[1]!;
    expect(row.startsWith(`2026-12-01;Terug aan =HYPERLINK(1);"'=HYPERLINK(1)";0,00;-25,00;-25,00;project:p1;`)).toBe(true);
  });
});

describe("buildProjectLedger: matching (docs/matching.md)", () => {
  it("an organisation's promise is committed, its payment received, both named after the organisation", () => {
    const refs = { projectId: P, poolId: "pool", organisationId: "org", organisationName: "Wijkfonds Oost" };
    const { lines, totals } = buildProjectLedger(
      P,
      [
        j(
          "matching.obligated",
          [
            ["commitment", "organisation:org", -34_000],
            ["commitment", "project_matching:p1", 34_000],
          ],
          refs,
        ),
        j(
          "matching.paid",
          [
            ["commitment", "project_matching:p1", -34_000],
            ["commitment", "organisation:org", 34_000],
            ["cash", "organisation:org", -34_000],
            ["cash", "project:p1", 34_000],
          ],
          refs,
        ),
      ],
      new Map(),
    );
    expect(lines.map((l) => [l.descriptionKey, l.name, l.aboutBacker, l.committedDeltaCents, l.cashDeltaCents])).toEqual([
      ["ledger.kind.matching.obligated", "Wijkfonds Oost", false, 34_000, 0],
      ["ledger.kind.matching.paid", "Wijkfonds Oost", false, -34_000, 34_000],
    ]);
    expect(totals).toMatchObject({ collectedCents: 34_000, balanceCents: 34_000, committedCents: 0 });
  });
});
