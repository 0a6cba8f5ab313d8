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
  at: Date;
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
