import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { chainOf, chainStart, checkLink, GENESIS_HASH, type LinkContent, linkHash, linkInput, publicEntries, type StoredLink, verifyChain } from "./chain";

const sha256 = (t: string) => createHash("sha256").update(t, "utf8").digest("hex");

describe("chainOf", () => {
  it.each([
    [{ projectId: "p1", pledgeId: "x", loanId: "l1" }, "project:p1"],
    [{ loanId: "l1", userId: "u" }, "loan:l1"],
    [{ userId: "u" }, "platform"],
    [{}, "platform"],
  ])("%j → %s", (refs, chain) => expect(chainOf(refs)).toBe(chain));
});

describe("publicEntries", () => {
  it("hides people's ids, keeps the platform's and projects' accounts, and sorts", () => {
    expect(
      publicEntries([
        { book: "cash", account: "project:p1", amountCents: 1500 },
        { book: "cash", account: "backer:2f6c…", amountCents: -1500 },
        { book: "commitment", account: "project:p1", amountCents: -1500 },
        { book: "commitment", account: "backer:2f6c…", amountCents: 1500 },
        { book: "cash", account: "platform:fees", amountCents: 20 },
        { book: "cash", account: "lender:u9", amountCents: -20 },
      ]),
    ).toEqual([
      ["cash", "backer:*", -1500],
      ["cash", "lender:*", -20],
      ["cash", "platform:fees", 20],
      ["cash", "project:p1", 1500],
      ["commitment", "backer:*", 1500],
      ["commitment", "project:p1", -1500],
    ]);
  });
});

function chainOfThree(): StoredLink[] {
  const links: StoredLink[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= 3; seq++) {
    const content: LinkContent = {
      chain: "project:p1",
      seq,
      kind: "pledge.charged",
      postedAt: new Date(`2026-12-0${seq}T10:00:00Z`),
      entries: [
        ["cash", "backer:*", -1000 * seq],
        ["cash", "project:p1", 1000 * seq],
      ],
      digest: sha256(`journal ${seq}`),
    };
    const hash = linkHash(sha256, prev, content);
    links.push({ ...content, prevHash: prev, hash, journalId: 10 + seq });
    prev = hash;
  }
  return links;
}

describe("a hash chain", () => {
  it("links each journal to the one before; the format is fixed (a known hash)", () => {
    const content: LinkContent = {
      chain: "platform",
      seq: 1,
      kind: "deposit.held",
      postedAt: new Date("2026-12-01T00:00:00Z"),
      entries: [],
      digest: "ab".repeat(32),
    };
    expect(linkInput(content)).toBe(`["platform",1,"deposit.held","2026-12-01T00:00:00.000Z",[],"${"ab".repeat(32)}"]`);
    // Pinned with sha256sum (printf "%s\n%s" 000…0 "<input>" | sha256sum): links sealed today must verify forever.
    expect(linkHash(sha256, GENESIS_HASH, content)).toBe(sha256(`${GENESIS_HASH}\n${linkInput(content)}`));
    expect(linkHash(sha256, GENESIS_HASH, content)).toBe("393751a039f4da6da6b434bfe700548ff5c84ea36bbbbd2504a151f49b6169cb");
  });

  it("verifies when untouched and returns the head", () => {
    const links = chainOfThree();
    expect(verifyChain(sha256, links)).toEqual({ head: links[2]!.hash, length: 3, broken: null });
    expect(verifyChain(sha256, [])).toEqual({ head: GENESIS_HASH, length: 0, broken: null });
  });

  it.each([
    [
      "an amount changed",
      (l: StoredLink[]) =>
        (l[1] = {
          ...l[1]!,
          entries: [
            ["cash", "backer:*", -1],
            ["cash", "project:p1", 1],
          ],
        }),
      { code: "hash_mismatch", seq: 2 },
    ],
    [
      "a journal's private content changed (its digest)",
      (l: StoredLink[]) => (l[0] = { ...l[0]!, digest: sha256("other") }),
      { code: "hash_mismatch", seq: 1 },
    ],
    ["a link removed", (l: StoredLink[]) => l.splice(1, 1), { code: "gap", seq: 3 }],
    ["two links swapped", (l: StoredLink[]) => l.reverse(), { code: "gap", seq: 3 }],
    [
      "a link rewritten with its hash recomputed",
      (l: StoredLink[]) => {
        const changed = { ...l[1]!, kind: "pledge.refunded" };
        l[1] = { ...changed, hash: linkHash(sha256, changed.prevHash, changed) };
      },
      { code: "prev_mismatch", seq: 3 },
    ],
  ] as const)("names the first broken link when %s", (_what, tamper, problem) => {
    const links = chainOfThree();
    tamper(links);
    expect(verifyChain(sha256, links).broken).toMatchObject(problem);
  });

  it("a rewritten chain with every hash recomputed verifies, but its head differs from the saved one", () => {
    const links = chainOfThree();
    const savedHead = links[2]!.hash;
    let prev = GENESIS_HASH;
    const rewritten = links.map((l, i) => {
      const content =
        i === 0
          ? {
              ...l,
              entries: [
                ["cash", "backer:*", -5],
                ["cash", "project:p1", 5],
              ] as const,
            }
          : l;
      const hash = linkHash(sha256, prev, content);
      const link = { ...content, prevHash: prev, hash };
      prev = hash;
      return link;
    });
    const result = verifyChain(sha256, rewritten);
    expect(result.broken).toBeNull();
    expect(result.head).not.toBe(savedHead);
  });

  it("checks one link at a time from a state", () => {
    const [first] = chainOfThree();
    const r = checkLink(sha256, chainStart, first!);
    expect(r).toEqual({ ok: true, state: { head: first!.hash, length: 1 } });
  });
});
