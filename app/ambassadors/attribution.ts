/**
 * Who brought a backer (issue 16, decision 075): the rule that credits a pledge to an ambassador.
 * Every backer and the initiator has a personal share link for a project; each visit through it is a
 * first-party "touch" (no third-party tracker), kept through sign-up and the payment page. Pure: the
 * writer records touches and the pledge's ambassador in the pledge's transaction.
 *
 * - **Last touch wins**: the newest touch for this project before the pledge, within the window
 *   (30 days by default).
 * - Never oneself: a backer's own link does not credit them; an earlier touch by someone else still does.
 * - Only this project's links; a touch after the pledge counts for nothing (a later change of the
 *   pledge keeps the ambassador it was given).
 */
export interface Touch {
  ambassadorId: string;
  projectId: string;
  at: Date;
}

export const ATTRIBUTION_WINDOW_DAYS = 30;
const DAY = 86_400_000;

export function attributePledge(input: {
  backerId: string;
  projectId: string;
  pledgedAt: Date;
  touches: readonly Touch[];
  windowDays?: number;
}): string | null {
  const windowMs = (input.windowDays ?? ATTRIBUTION_WINDOW_DAYS) * DAY;
  const pledged = input.pledgedAt.getTime();
  let best: Touch | null = null;
  for (const touch of input.touches) {
    const at = touch.at.getTime();
    if (touch.projectId !== input.projectId || touch.ambassadorId === input.backerId) continue;
    if (at > pledged || pledged - at > windowMs) continue;
    if (!best || at >= best.at.getTime()) best = touch;
  }
  return best?.ambassadorId ?? null;
}

export interface AttributedPledge {
  ambassadorId: string | null;
  backerId: string;
  amountCents: number;
  /** Only pledges that still count (active, charged) are summed: a withdrawn or failed one is not. */
  counts: boolean;
}

export interface AmbassadorTotal {
  ambassadorId: string;
  backers: number;
  amountCents: number;
}

/** The dashboard's list: per ambassador, the distinct backers and the cents they brought, most first. */
export function ambassadorTotals(pledges: readonly AttributedPledge[]): AmbassadorTotal[] {
  const byAmbassador = new Map<string, { backers: Set<string>; amountCents: number }>();
  for (const p of pledges) {
    if (!p.ambassadorId || !p.counts) continue;
    const entry = byAmbassador.get(p.ambassadorId) ?? { backers: new Set<string>(), amountCents: 0 };
    entry.backers.add(p.backerId);
    entry.amountCents += p.amountCents;
    byAmbassador.set(p.ambassadorId, entry);
  }
  return [...byAmbassador.entries()]
    .map(([ambassadorId, e]) => ({ ambassadorId, backers: e.backers.size, amountCents: e.amountCents }))
    .sort((a, b) => b.backers - a.backers || b.amountCents - a.amountCents || a.ambassadorId.localeCompare(b.ambassadorId));
}
