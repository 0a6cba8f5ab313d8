import { type GatewayActivityPage, GatewayRequestError, type ListActivityInput, type Payment, type PaymentGateway, type Refund } from "./gateway";

/**
 * Reading the gateway's own record (`PaymentGateway.listActivity`, docs/decisions/027): the checks
 * both gateways apply to a window, their cursor format, and the loop that follows the cursors.
 * Pure: no database, no Stripe.
 */

export const ACTIVITY_PAGE_LIMIT = 100;

export interface ActivityWindow {
  since: Date;
  until: Date;
  limit: number;
}

/** Validates a `listActivity` input like Stripe validates a list request (invalid_request otherwise). */
export function checkActivityInput(input: ListActivityInput): ActivityWindow {
  const since = new Date(input.since);
  const until = new Date(input.until);
  if (Number.isNaN(since.getTime()) || Number.isNaN(until.getTime())) {
    throw new GatewayRequestError("invalid_request", "since and until must be ISO timestamps");
  }
  if (until.getTime() <= since.getTime()) throw new GatewayRequestError("invalid_request", "until must be after since");
  const limit = input.limit ?? ACTIVITY_PAGE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > ACTIVITY_PAGE_LIMIT) {
    throw new GatewayRequestError("invalid_request", `limit must be between 1 and ${ACTIVITY_PAGE_LIMIT}`);
  }
  return { since, until, limit };
}

/**
 * Where a page ends. Payments are listed first, then refunds; `after` is the gateway's own position
 * (Stripe: the last object's id for `starting_after`; the simulator: created time and id).
 */
export type ActivityCursor = { list: "payments" | "refunds"; after: string | null };

export function encodeActivityCursor(cursor: ActivityCursor): string {
  return `${cursor.list}:${cursor.after ?? ""}`;
}

export function decodeActivityCursor(value: string | null | undefined): ActivityCursor {
  if (value === null || value === undefined || value === "") return { list: "payments", after: null };
  const colon = value.indexOf(":");
  const list = colon < 0 ? value : value.slice(0, colon);
  if (list !== "payments" && list !== "refunds") throw new GatewayRequestError("invalid_request", `not an activity cursor: ${value}`);
  const after = colon < 0 ? "" : value.slice(colon + 1);
  return { list, after: after === "" ? null : after };
}

/** Follows the cursors to the end: every payment and refund the gateway created in the window. */
export async function listAllActivity(
  gateway: Pick<PaymentGateway, "listActivity">,
  window: { since: Date; until: Date },
  options: { pageLimit?: number; maxPages?: number } = {},
): Promise<{ payments: Payment[]; refunds: Refund[]; pages: number }> {
  const payments: Payment[] = [];
  const refunds: Refund[] = [];
  let cursor: string | null = null;
  let pages = 0;
  const maxPages = options.maxPages ?? 10_000;
  do {
    const page: GatewayActivityPage = await gateway.listActivity({
      since: window.since.toISOString(),
      until: window.until.toISOString(),
      cursor,
      limit: options.pageLimit,
    });
    payments.push(...page.payments);
    refunds.push(...page.refunds);
    cursor = page.nextCursor;
    pages++;
    if (pages >= maxPages && cursor) throw new Error(`listAllActivity: more than ${maxPages} pages; narrow the window`);
  } while (cursor);
  return { payments, refunds, pages };
}
