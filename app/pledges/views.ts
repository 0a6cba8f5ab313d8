import type { ProjectRow } from "../../db/schema";
import type { PledgeStatus, PledgeVisibility } from "./pledge";

/** What pages and components show of pledges (built in pledges.server.ts; safe for the browser bundle). */

export interface BackerPledge {
  id: string;
  status: PledgeStatus;
  amountCents: number;
  tier: { id: string; title: string; pickupNote: string } | null;
  message: string;
  visibility: PledgeVisibility;
  createdAt: Date;
  updatedAt: Date;
  chargedAt: Date | null;
  fixUntil: Date | null;
  fixable: boolean;
  changeable: boolean;
  /** The saved method it is charged with (the gateway's id) and the platform fee shown when pledging. */
  paymentMethodRef: string | null;
  platformFeeBps: number;
  project: {
    id: string;
    slug: string;
    title: string;
    status: ProjectRow["status"];
    fundingModel: ProjectRow["funding_model"];
    endsAt: Date | null;
    initiatorName: string;
  };
}

export interface ReceiptLine {
  event: string;
  from: string | null;
  to: string;
  amountCents: number;
  /** The reward after this event (its title), or null for none. */
  tier: string | null;
  /** For a change (issue 13 §15): what the amount and reward were before it, when they changed. */
  changed?: { fromCents?: number; toCents?: number; fromTier?: string | null; toTier?: string | null };
  at: Date;
}

/**
 * A pledge's history as its backer reads it: a change says what it changed ("€ 50 → € 75,
 * reward …") instead of looking like a new pledge. Each event row holds the amount and reward
 * after it, so what a change changed is the difference with the row before.
 */
export function describeHistory(rows: Omit<ReceiptLine, "changed">[]): ReceiptLine[] {
  return rows.map((row, i) => {
    const before = rows[i - 1];
    if (row.event !== "change" || !before) return row;
    const changed: NonNullable<ReceiptLine["changed"]> = {};
    if (before.amountCents !== row.amountCents) Object.assign(changed, { fromCents: before.amountCents, toCents: row.amountCents });
    if (before.tier !== row.tier) Object.assign(changed, { fromTier: before.tier, toTier: row.tier });
    return { ...row, changed };
  });
}

export interface PublicBacker {
  name: string | null;
  handle: string | null;
  message: string;
  at: Date;
}

export interface DashboardBacker {
  pledgeId: string;
  name: string | null;
  amountCents: number;
  tierTitle: string | null;
  status: PledgeStatus;
  message: string;
  visibility: PledgeVisibility;
  createdAt: Date;
  /** The backer's e-mail when they chose a reward (to deliver it), else null. Initiator only. */
  rewardContact: string | null;
}

export interface TierTotal {
  tierId: string | null;
  title: string | null;
  backers: number;
  pledgedCents: number;
  collectedCents: number;
}
