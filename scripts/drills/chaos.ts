/**
 * Chaos on the Postgres server (issue 8 §8): many random operations at once — pledges, changes,
 * cancellations, places on limited tiers, loan requests, acceptances, handovers, extensions and
 * cancellations — through the features' own functions on a pool of real connections, then the
 * invariants: no tier oversold, no two holding loans of an item overlap, every project's
 * maintained totals equal the sums recomputed from its pledges, every journal balances, and
 * ledger:verify (the built-in checks and every feature's, app/wiring.server.ts) is clean.
 * A business refusal (sold out, days taken, not your turn) is an outcome; anything thrown is an error.
 * Used by scripts/drills/chaos.server.test.ts (short, server only) and `npm run drill -- chaos`.
 */
import { sql } from "kysely";
import { addDays } from "../../app/lending/days";
import { acceptLoanRequest, answerExtension, cancelLoan, confirmHandover, requestExtension, requestLoan } from "../../app/lending/loans.server";
import { type LedgerCheck, verifyLedger } from "../../app/ledger/verify.server";
import { cancelPledge, changePledge, pledgeToProject } from "../../app/pledges/pledges.server";
import type { AppServices } from "../../app/services.server";
import { makeItem, makeUser, seedPlaces } from "../../app/test/lending-fixtures";
import { createLiveProject, createUsers, recomputedTotals } from "../../app/test/projects";
import type { Db } from "../../app/utils/db.server";

export interface ChaosOptions {
  operations: number;
  concurrency: number;
  seed: number;
  log?: (line: string) => void;
}

export interface ChaosReport {
  seed: number;
  operations: number;
  concurrency: number;
  seconds: number;
  outcomes: Record<string, number>;
  errors: string[];
  violations: string[];
  checked: string[];
}

/** mulberry32: a failing run replays from its seed. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function runChaos(services: AppServices, options: ChaosOptions): Promise<ChaosReport> {
  const { db } = services;
  const now = services.clock.now();
  const random = rng(options.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const tag = `c${options.seed.toString(36)}${Math.floor(random() * 1e6).toString(36)}`;

  // The world: three live projects with limited tiers, backers, items and borrowers.
  await seedPlaces(db);
  const [initiator] = await createUsers(db, `${tag}-init`, 1);
  const [moderator] = await createUsers(db, `${tag}-mod`, 1, "moderator");
  const backers = await createUsers(db, `${tag}-b`, 30);
  const projects: { id: string; slug: string; tierIds: string[] }[] = [];
  for (let i = 0; i < 3; i++) {
    projects.push(
      await createLiveProject(db, {
        initiatorId: initiator!,
        moderatorId: moderator!,
        now,
        goalCents: 100_000,
        tiers: [
          { title: "Twee plekken", minCents: 1_000, quantity: 2 },
          { title: "Vijf plekken", minCents: 2_500, quantity: 5 },
          { title: "Onbeperkt", minCents: 500, quantity: null },
        ],
      }),
    );
  }
  const owners = await Promise.all(Array.from({ length: 4 }, () => makeUser(db)));
  const items = await Promise.all(owners.flatMap((o) => [makeItem(db, o, { maxLoanDays: 10 }, now), makeItem(db, o, { maxLoanDays: 10 }, now)]));
  const ownerOf = new Map<string, string>();
  items.forEach((item, i) => ownerOf.set(item, owners[Math.floor(i / 2)]!));
  const borrowers = await Promise.all(Array.from({ length: 12 }, () => makeUser(db)));

  // What the workers know (may be stale under races: that is the point).
  const pledges: { id: string; backerId: string; projectId: string }[] = [];
  const loans: { id: string; itemId: string; borrowerId: string; endsOn: string }[] = [];
  const outcomes: Record<string, number> = {};
  const errors: string[] = [];
  const count = (key: string): void => {
    outcomes[key] = (outcomes[key] ?? 0) + 1;
  };
  let serial = 0;
  const today = now.toISOString().slice(0, 10);

  const operations: Record<string, () => Promise<void>> = {
    async pledge() {
      const p = pick(projects);
      const tierId = pick([null, ...p.tierIds]);
      const backerId = pick(backers);
      const r = await pledgeToProject(db, {
        projectId: p.id,
        backerId,
        amountCents: 2_500 + Math.floor(random() * 20) * 250,
        tierId,
        message: "",
        visibility: pick(["initiator", "public", "anonymous"] as const),
        token: `${tag}-${++serial}`,
        paymentMethodRef: "pm",
        now,
      });
      if (r.ok) pledges.push({ id: r.pledgeId, backerId, projectId: p.id });
      count(`pledge:${r.ok ? "ok" : r.error}`);
    },
    async change() {
      const known = pick(pledges.length ? pledges : [null]);
      if (!known) return count("change:none");
      const p = projects.find((x) => x.id === known.projectId)!;
      const r = await changePledge(db, {
        pledgeId: known.id,
        backerId: known.backerId,
        amountCents: 2_500 + Math.floor(random() * 40) * 250,
        tierId: pick([null, ...p.tierIds]),
        message: "",
        visibility: "initiator",
        now,
      });
      count(`change:${r.ok ? "ok" : r.error}`);
    },
    async cancel() {
      const known = pick(pledges.length ? pledges : [null]);
      if (!known) return count("cancel:none");
      const r = await cancelPledge(db, { pledgeId: known.id, backerId: known.backerId, now });
      count(`cancel:${r.ok ? "ok" : r.error}`);
    },
    async request() {
      const itemId = pick(items);
      const borrowerId = pick(borrowers);
      // Some start today, so their handover can happen now.
      const startsOn = addDays(today, random() < 0.3 ? 0 : 1 + Math.floor(random() * 20));
      const endsOn = addDays(startsOn, Math.floor(random() * 5));
      const r = await requestLoan(db, { itemId, borrowerId, startsOn, endsOn, message: "", now });
      if (r.ok) loans.push({ id: r.loanId, itemId, borrowerId, endsOn });
      count(`loan.request:${r.ok ? "ok" : r.error}`);
    },
    async accept() {
      const loan = pick(loans.length ? loans : [null]);
      if (!loan) return count("loan.accept:none");
      const r = await acceptLoanRequest(db, loan.id, { userId: ownerOf.get(loan.itemId)! }, now);
      count(`loan.accept:${r.ok ? "ok" : r.error}`);
    },
    async handover() {
      const loan = pick(loans.length ? loans : [null]);
      if (!loan) return count("loan.handover:none");
      const by = pick([ownerOf.get(loan.itemId)!, loan.borrowerId]);
      const r = await confirmHandover(db, services.storage, { loanId: loan.id, by: { userId: by }, now });
      count(`loan.handover:${r.ok ? "ok" : r.error}`);
    },
    async extend() {
      const loan = pick(loans.length ? loans : [null]);
      if (!loan) return count("loan.extend:none");
      const r = await requestExtension(db, loan.id, { userId: loan.borrowerId }, addDays(loan.endsOn, 1 + Math.floor(random() * 3)), now);
      count(`loan.extend:${r.ok ? "ok" : r.error}`);
    },
    async answerExtension() {
      const loan = pick(loans.length ? loans : [null]);
      if (!loan) return count("loan.answer:none");
      const r = await answerExtension(db, loan.id, { userId: ownerOf.get(loan.itemId)! }, random() < 0.7, now);
      count(`loan.answer:${r.ok ? "ok" : r.error}`);
    },
    async cancelLoan() {
      const loan = pick(loans.length ? loans : [null]);
      if (!loan) return count("loan.cancel:none");
      const r = await cancelLoan(db, loan.id, { userId: pick([ownerOf.get(loan.itemId)!, loan.borrowerId]) }, "Toch niet nodig", now);
      count(`loan.cancel:${r.ok ? "ok" : r.error}`);
    },
  };
  const weighted: (keyof typeof operations)[] = [
    ...Array<"pledge">(6).fill("pledge"),
    ...Array<"change">(3).fill("change"),
    ...Array<"cancel">(2).fill("cancel"),
    ...Array<"request">(4).fill("request"),
    ...Array<"accept">(3).fill("accept"),
    "handover",
    "handover",
    "extend",
    "answerExtension",
    "cancelLoan",
  ];

  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < options.operations) {
      next++;
      const name = pick(weighted);
      try {
        await operations[name]!();
      } catch (error) {
        count(`${name}:THROWN`);
        errors.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (next % 500 === 0) options.log?.(`  ${next} operations, ${errors.length} errors`);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (Date.now() - started) / 1000;

  const { violations, checked } = await checkInvariants(
    db,
    services.extensions.ledgerChecks,
    projects.map((p) => p.id),
  );
  return { seed: options.seed, operations: options.operations, concurrency: options.concurrency, seconds, outcomes, errors, violations, checked };
}

/** The invariants, each a list of what breaks it (empty: holds). */
export async function checkInvariants(
  db: Db,
  ledgerChecks: readonly LedgerCheck[],
  projectIds: readonly string[],
): Promise<{ violations: string[]; checked: string[] }> {
  const violations: string[] = [];
  const checked: string[] = [];

  const tiers = await sql<{ id: string; quantity: number | null; claimed: number; active: number }>`
    -- A pledge holds its place unless cancelled or dropped (holdsTierPlace, app/pledges/pledge-writer.server.ts).
    select t.id, t.quantity, t.claimed, count(p.id) filter (where p.status not in ('cancelled', 'dropped'))::int as active
    from reward_tiers t left join pledges p on p.tier_id = t.id
    group by t.id, t.quantity, t.claimed
  `.execute(db);
  for (const t of tiers.rows) {
    if (t.quantity !== null && t.active > t.quantity) violations.push(`tier ${t.id}: ${t.active} pledges holding one of ${t.quantity} places`);
    if (t.quantity !== null && Number(t.claimed) !== t.active) violations.push(`tier ${t.id}: claimed ${t.claimed}, but ${t.active} pledges hold a place`);
  }
  checked.push(`no tier oversold, places claimed = pledges holding one (${tiers.rows.length} tiers)`);

  const overlaps = await sql<{ a: string; b: string }>`
    select a.id as a, b.id as b from loans a join loans b on a.item_id = b.item_id and a.id < b.id
    where a.state in ('accepted', 'picked_up', 'overdue') and b.state in ('accepted', 'picked_up', 'overdue')
      and tstzrange(a.starts_at, a.ends_at, '[)') && tstzrange(b.starts_at, b.ends_at, '[)')
  `.execute(db);
  for (const o of overlaps.rows) violations.push(`loans ${o.a} and ${o.b} hold the same item on overlapping days`);
  const holding = await sql<{ n: number }>`select count(*)::int as n from loans where state in ('accepted', 'picked_up', 'overdue')`.execute(db);
  checked.push(`no two holding loans of an item overlap (${holding.rows[0]!.n} holding loans)`);

  for (const id of projectIds) {
    const { maintained, recomputed } = await recomputedTotals(db, id);
    if (JSON.stringify(maintained) !== JSON.stringify(recomputed))
      violations.push(`project ${id}: maintained ${JSON.stringify(maintained)} ≠ recomputed ${JSON.stringify(recomputed)}`);
  }
  checked.push(`maintained totals = recomputed sums (${projectIds.length} projects)`);

  const report = await verifyLedger(db, ledgerChecks);
  for (const r of report.results) {
    for (const p of r.problems) violations.push(`ledger: ${r.name}: ${p}`);
    if (r.error) violations.push(`ledger: ${r.name} crashed: ${r.error}`);
  }
  const journals = await sql<{ n: number }>`select count(*)::int as n from ledger_journals`.execute(db);
  checked.push(`ledger:verify clean — ${report.results.map((r) => r.name).join("; ")} (${journals.rows[0]!.n} journals)`);
  return { violations, checked };
}
