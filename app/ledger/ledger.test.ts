import { describe, expect, it } from "vitest";
import { accounts, checkJournal, cleanRefs, describeProblem, type JournalInput, journalDigestInput, move, reversalEntries, sumByBook } from "./ledger";

const base = (entries: JournalInput["entries"], extra: Partial<JournalInput> = {}): JournalInput => ({
  kind: "pledge.charged",
  entries,
  idempotencyKey: "pledge:1:charged",
  postedAt: new Date("2026-12-01T10:00:00Z"),
  ...extra,
});

describe("journal balancing (pure)", () => {
  it("accepts a balanced journal and defaults the book to cash", () => {
    const result = checkJournal(base(move(accounts.backer("u1"), accounts.project("p1"), 1250)));
    expect(result).toEqual({
      ok: true,
      entries: [
        { account: "backer:u1", amountCents: -1250, book: "cash" },
        { account: "project:p1", amountCents: 1250, book: "cash" },
      ],
    });
  });

  it("balances each book separately: a charge releases the commitment and moves the cash", () => {
    const entries = [...move(accounts.project("p1"), accounts.backer("u1"), 1000, "commitment"), ...move(accounts.backer("u1"), accounts.project("p1"), 1000)];
    expect(checkJournal(base(entries)).ok).toBe(true);
    expect(sumByBook(entries)).toEqual({ cash: 0, commitment: 0 });
  });

  it("refuses a journal whose books balance only together", () => {
    const result = checkJournal(
      base([
        { account: "backer:u1", amountCents: -1000, book: "cash" },
        { account: "project:p1", amountCents: 1000, book: "commitment" },
      ]),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toEqual([
        { code: "unbalanced", book: "cash", sumCents: -1000 },
        { code: "unbalanced", book: "commitment", sumCents: 1000 },
      ]);
    }
  });

  it.each([
    [
      "one cent off",
      [
        { account: "backer:u1", amountCents: -1000 },
        { account: "project:p1", amountCents: 999 },
      ],
      "unbalanced",
    ],
    ["a single entry", [{ account: "backer:u1", amountCents: 0 }], "too_few_entries"],
    ["no entries", [], "too_few_entries"],
    [
      "a zero entry",
      [
        { account: "backer:u1", amountCents: 0 },
        { account: "project:p1", amountCents: 0 },
      ],
      "bad_amount",
    ],
    [
      "fractional cents",
      [
        { account: "backer:u1", amountCents: -10.5 },
        { account: "project:p1", amountCents: 10.5 },
      ],
      "bad_amount",
    ],
    [
      "an absurd amount",
      [
        { account: "backer:u1", amountCents: -1e12 },
        { account: "project:p1", amountCents: 1e12 },
      ],
      "bad_amount",
    ],
    [
      "an account without a kind",
      [
        { account: "u1", amountCents: -5 },
        { account: "project:p1", amountCents: 5 },
      ],
      "bad_account",
    ],
    [
      "an account with spaces",
      [
        { account: "backer:u 1", amountCents: -5 },
        { account: "project:p1", amountCents: 5 },
      ],
      "bad_account",
    ],
  ] as const)("refuses %s", (_name, entries, code) => {
    const result = checkJournal(base([...entries]));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.code)).toContain(code);
  });

  it.each([
    ["kind", { kind: "charged" }, "bad_kind"],
    ["kind", { kind: "Pledge.Charged" }, "bad_kind"],
    ["key", { idempotencyKey: "" }, "bad_key"],
    ["memo", { memo: "x".repeat(501) }, "memo_too_long"],
    ["refs", { refs: { projectId: "" } }, "bad_ref"],
  ] as const)("refuses a bad %s", (_name, extra, code) => {
    const result = checkJournal(base(move("backer:u1", "project:p1", 100), extra as Partial<JournalInput>));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.code)).toEqual([code]);
  });

  it("describes every problem in words", () => {
    const result = checkJournal(base([{ account: "nope", amountCents: 1 }], { kind: "x" }));
    expect(result.ok).toBe(false);
    if (!result.ok) for (const p of result.problems) expect(describeProblem(p)).toMatch(/\w/);
  });

  it("a reversal undoes a journal exactly", () => {
    const entries = [...move("backer:u1", "project:p1", 700), ...move("project:p1", "platform:fees", 35)];
    expect(checkJournal(base(entries)).ok).toBe(true);
    const reversed = reversalEntries(entries);
    expect(sumByBook([...entries, ...reversed])).toEqual({ cash: 0, commitment: 0 });
    expect(reversed.map((e) => e.amountCents)).toEqual([700, -700, 35, -35]);
  });

  it("digests do not depend on entry order or ref order, but on every amount", () => {
    const j = {
      kind: "pledge.charged",
      memo: "",
      idempotencyKey: "k",
      postedAt: new Date("2026-12-01T10:00:00Z"),
      refs: cleanRefs({ projectId: "p1", pledgeId: "x" }),
      reversesJournalId: null,
      entries: move("backer:u1", "project:p1", 500),
    };
    const shuffled = { ...j, refs: { pledgeId: "x", projectId: "p1" }, entries: [...j.entries].reverse() };
    expect(journalDigestInput(shuffled)).toBe(journalDigestInput(j));
    expect(journalDigestInput({ ...j, entries: move("backer:u1", "project:p1", 501) })).not.toBe(journalDigestInput(j));
  });
});
