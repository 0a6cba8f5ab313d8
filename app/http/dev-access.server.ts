import type { AppLoadContext } from "@remix-run/node";
import { requireRole } from "../auth/guards.server";

/**
 * The dev mailbox at /dev/mailbox (docs/decisions/012-email-and-unsubscribe.md). It holds
 * password-reset links, so: open in development and tests (NODE_ENV other than production, or
 * BUURTKRACHT_TEST_HOOKS=1 — the e2e suite runs the production build with test hooks on), and
 * admins only in a real production deployment.
 */
export async function requireMailboxAccess(context: AppLoadContext, request: Request): Promise<void> {
  const { env } = context.services;
  if (env.NODE_ENV !== "production" || env.BUURTKRACHT_TEST_HOOKS) return;
  await requireRole(context, request, "admin");
}
