import { listJournalsForGatewayObjects, listJournalsNamingGatewayObjects } from "../ledger/ledger.server";
import { listAllActivity } from "../payments/activity";
import type { Payment, PaymentGateway, Refund } from "../payments/gateway";
import type { Db } from "../utils/db.server";
import {
  classifyFinding,
  DEFAULT_GRACE_MS,
  DEFAULT_LATE_AFTER_MS,
  type Finding,
  itemKey,
  paymentStatusText,
  type ReconcileJournal,
  type ReconciliationItem,
  type ReconciliationReport,
  refundStatusText,
  sortItems,
} from "./reconciliation";

/**
 * The reconciliation (docs/decisions/027-gateway-reconciliation.md): what the gateway's own record
 * says happened in a window, compared per gateway object with what the ledger booked.
 *
 *   1. The gateway's payments and refunds created in the window (`listActivity`, every page).
 *   2. The journals posted in the window that name a gateway object (`refs.paymentId`/`refundId`);
 *      an object they name that the window did not list is fetched (`getPayment`/`getRefund`) —
 *      and if the gateway does not know it, that is a difference.
 *   3. Every journal naming any of those objects, whenever posted.
 *   4. Per `metadata.purpose`, the purpose's reconciler (extensions.reconcilers, listed in
 *      app/wiring.server.ts) says per object whether the ledger agrees. The platform knows no
 *      feature: how a pledge or a deposit is booked is the feature's business.
 *   5. Differences younger than the grace period are pending; agreements booked late are healed.
 * Read-only: it changes nothing, neither in the ledger nor at the gateway.
 */

/** What one purpose's reconciler gets: its objects, the journals naming them, their payments. */
export interface ReconcileBatch {
  purpose: string;
  payments: readonly Payment[];
  refunds: readonly Refund[];
  /** Journals naming a payment (refund journals name their payment too), whenever posted. */
  journalsForPayment(paymentId: string): readonly ReconcileJournal[];
  journalsForRefund(refundId: string): readonly ReconcileJournal[];
  /** The payment a refund belongs to, as the gateway has it now (null if the gateway has none). */
  paymentOf(refund: Refund): Payment | null;
  /**
   * True when a refund carries no purpose of its own and was routed here by its payment's (e.g.
   * the automatic refund Stripe may make of a hold's uncaptured part).
   */
  inheritedPurpose(refund: Refund): boolean;
  now: Date;
}

/**
 * A feature's reconciler for one `metadata.purpose` (the `reconcilers` extension point): one
 * finding per payment and refund of the batch. Must only read.
 */
export interface Reconciler {
  /** One line: what this purpose books, e.g. "pledges: charges and refunds". */
  describes: string;
  reconcile(db: Db, batch: ReconcileBatch): Promise<Finding[]>;
}

/** Reconcilers by `metadata.purpose`, like the gateway event handlers (app/wiring.server.ts). */
export type Reconcilers = Readonly<Record<string, Reconciler>>;

export interface ReconcileDeps {
  db: Db;
  gateway: Pick<PaymentGateway, "kind" | "listActivity" | "getPayment" | "getRefund">;
  reconcilers: Reconcilers;
}

export interface ReconcileOptions {
  since: Date;
  until: Date;
  /** Business time of the check (services.clock): ages are measured from it. */
  now: Date;
  graceMs?: number;
  lateAfterMs?: number;
}

export async function reconcileWithGateway(deps: ReconcileDeps, options: ReconcileOptions): Promise<ReconciliationReport> {
  const { db, gateway, reconcilers } = deps;
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const lateAfterMs = options.lateAfterMs ?? DEFAULT_LATE_AFTER_MS;
  const now = options.now;
  const items: ReconciliationItem[] = [];

  // 1. The gateway's side.
  const activity = await listAllActivity(gateway, { since: options.since, until: options.until });
  const payments = new Map(activity.payments.map((p) => [p.id, p]));
  const refunds = new Map(activity.refunds.map((r) => [r.id, r]));

  // 2. The ledger's side in the window: every gateway object it names must exist.
  const posted = await listJournalsNamingGatewayObjects(db, { from: options.since, until: options.until });
  const unknown = new Map<string, { type: "payment" | "refund"; journals: ReconcileJournal[] }>();
  for (const journal of posted) {
    const { paymentId, refundId } = journal.refs;
    if (refundId && !refunds.has(refundId) && !unknown.has(refundId)) {
      const found = await gateway.getRefund(refundId);
      if (found) refunds.set(found.id, found);
      else unknown.set(refundId, { type: "refund", journals: [] });
    }
    if (paymentId && !payments.has(paymentId) && !unknown.has(paymentId)) {
      const found = await gateway.getPayment(paymentId);
      if (found) payments.set(found.id, found);
      else unknown.set(paymentId, { type: "payment", journals: [] });
    }
    for (const id of [paymentId, refundId]) if (id && unknown.has(id)) unknown.get(id)!.journals.push(journal);
  }
  // A refund's payment decides where a refund without its own purpose belongs, and is checked too.
  for (const refund of [...refunds.values()]) {
    if (refund.paymentId && !payments.has(refund.paymentId) && !unknown.has(refund.paymentId)) {
      const found = await gateway.getPayment(refund.paymentId);
      if (found) payments.set(found.id, found);
    }
  }
  for (const [id, { type, journals }] of unknown) {
    const object = { type, id };
    const first = journals[0];
    items.push({
      key: itemKey("unknown_to_gateway", object),
      status: "difference",
      code: "unknown_to_gateway",
      what: null,
      object: { ...object, createdAt: null, gatewayStatus: null },
      purpose: null,
      refs: first ? pickRefs(first.refs) : {},
      gatewayCents: null,
      ledgerCents: null,
      journals: journals.slice(0, 5).map((j) => ({ id: j.id, kind: j.kind, postedAt: j.postedAt.toISOString() })),
      lateMs: null,
      since: first ? first.postedAt.toISOString() : null,
      detail: null,
    });
  }

  // 3. Every journal naming the objects, whenever posted.
  const journals = await listJournalsForGatewayObjects(db, { paymentIds: [...payments.keys()], refundIds: [...refunds.keys()] });
  const byPayment = new Map<string, ReconcileJournal[]>();
  const byRefund = new Map<string, ReconcileJournal[]>();
  for (const j of journals) {
    if (j.refs.paymentId) byPayment.set(j.refs.paymentId, [...(byPayment.get(j.refs.paymentId) ?? []), j]);
    if (j.refs.refundId) byRefund.set(j.refs.refundId, [...(byRefund.get(j.refs.refundId) ?? []), j]);
  }

  // 4. Per purpose.
  const groups = new Map<string, { payments: Payment[]; refunds: Refund[] }>();
  const group = (purpose: string) => {
    let g = groups.get(purpose);
    if (!g) groups.set(purpose, (g = { payments: [], refunds: [] }));
    return g;
  };
  const inherited = new Set<string>();
  const context = new Map<string, { createdAt: string; gatewayStatus: string; purpose: string | null }>();
  for (const p of payments.values()) {
    context.set(`payment:${p.id}`, { createdAt: p.createdAt, gatewayStatus: paymentStatusText(p), purpose: p.metadata.purpose || null });
    if (p.metadata.purpose) group(p.metadata.purpose).payments.push(p);
    else items.push(notOurs({ type: "payment", id: p.id }, p.createdAt, paymentStatusText(p), p.amountReceivedCents || p.amountCents));
  }
  for (const r of refunds.values()) {
    const own = r.metadata.purpose || null;
    const purpose = own ?? (payments.get(r.paymentId)?.metadata.purpose || null);
    context.set(`refund:${r.id}`, { createdAt: r.createdAt, gatewayStatus: refundStatusText(r), purpose });
    if (!own && purpose) inherited.add(r.id);
    if (purpose) group(purpose).refunds.push(r);
    else items.push(notOurs({ type: "refund", id: r.id }, r.createdAt, refundStatusText(r), r.amountCents));
  }

  let matched = 0;
  for (const [purpose, g] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const reconciler = reconcilers[purpose];
    if (!reconciler) {
      for (const p of g.payments) items.push(noReconciler({ type: "payment", id: p.id }, purpose, p.createdAt, paymentStatusText(p)));
      for (const r of g.refunds) items.push(noReconciler({ type: "refund", id: r.id }, purpose, r.createdAt, refundStatusText(r)));
      continue;
    }
    let findings: Finding[];
    try {
      findings = await reconciler.reconcile(db, {
        purpose,
        payments: g.payments,
        refunds: g.refunds,
        journalsForPayment: (id) => byPayment.get(id) ?? [],
        journalsForRefund: (id) => byRefund.get(id) ?? [],
        paymentOf: (refund) => payments.get(refund.paymentId) ?? null,
        inheritedPurpose: (refund) => inherited.has(refund.id),
        now,
      });
    } catch (error) {
      const object = { type: "journal" as const, id: `reconciler:${purpose}` };
      items.push({
        key: itemKey("check_failed", object),
        status: "difference",
        code: "check_failed",
        what: null,
        object: { ...object, createdAt: null, gatewayStatus: null },
        purpose,
        refs: {},
        gatewayCents: null,
        ledgerCents: null,
        journals: [],
        lateMs: null,
        since: null,
        detail: error instanceof Error ? error.message : String(error),
      });
      continue;
    }
    for (const finding of findings) {
      const c = context.get(`${finding.object.type}:${finding.object.id}`);
      const item = classifyFinding(finding, {
        purpose,
        createdAt: c?.createdAt ?? null,
        gatewayStatus: c?.gatewayStatus ?? null,
        now,
        graceMs,
        lateAfterMs,
      });
      if (finding.ok) matched++;
      if (item) items.push(item);
    }
  }

  const sorted = sortItems(items);
  const count = (status: ReconciliationItem["status"]) => sorted.filter((i) => i.status === status).length;
  return {
    ok: count("difference") === 0,
    gateway: gateway.kind,
    window: { since: options.since.toISOString(), until: options.until.toISOString() },
    checkedAt: now.toISOString(),
    graceMs,
    lateAfterMs,
    counts: {
      payments: payments.size,
      refunds: refunds.size,
      journals: posted.length,
      matched,
      healed: count("healed"),
      pending: count("pending"),
      differences: count("difference"),
    },
    items: sorted,
  };
}

/** The refs worth showing: the app's own ids, not the gateway's (those are the object). */
function pickRefs(refs: Record<string, string>): Record<string, string> {
  const { paymentId: _p, refundId: _r, ...rest } = refs;
  return rest;
}

function notOurs(object: { type: "payment" | "refund"; id: string }, createdAt: string, gatewayStatus: string, cents: number): ReconciliationItem {
  return {
    key: itemKey("no_purpose", object),
    status: "difference",
    code: "no_purpose",
    what: null,
    object: { ...object, createdAt, gatewayStatus },
    purpose: null,
    refs: {},
    gatewayCents: cents,
    ledgerCents: null,
    journals: [],
    lateMs: null,
    since: createdAt,
    detail: null,
  };
}

function noReconciler(object: { type: "payment" | "refund"; id: string }, purpose: string, createdAt: string, gatewayStatus: string): ReconciliationItem {
  return {
    key: itemKey("no_reconciler", object),
    status: "difference",
    code: "no_reconciler",
    what: null,
    object: { ...object, createdAt, gatewayStatus },
    purpose,
    refs: {},
    gatewayCents: null,
    ledgerCents: null,
    journals: [],
    lateMs: null,
    since: createdAt,
    detail: null,
  };
}

/**
 * For purposes that book nothing by design (the payments try-out page): every object is fine as
 * long as no journal books it.
 */
export function notBookedReconciler(describes: string): Reconciler {
  return {
    describes,
    async reconcile(_db, batch) {
      const findings: Finding[] = [];
      const check = (object: { type: "payment" | "refund"; id: string }, journals: readonly ReconcileJournal[]): Finding =>
        journals.length === 0 ? { object, ok: true } : { object, ok: false, code: "unexpected", what: null, gatewayCents: null, ledgerCents: null, journals };
      for (const p of batch.payments) findings.push(check({ type: "payment", id: p.id }, batch.journalsForPayment(p.id)));
      for (const r of batch.refunds) findings.push(check({ type: "refund", id: r.id }, batch.journalsForRefund(r.id)));
      return findings;
    },
  };
}
