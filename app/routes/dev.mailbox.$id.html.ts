import type { LoaderFunctionArgs } from "@remix-run/node";
import { getMailboxMessage } from "../notifications/mailbox.server";
import { requireMailboxAccess } from "../http/dev-access.server";

/** The HTML part of a mailbox message, sandboxed: no scripts, no requests, no same-origin access. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireMailboxAccess(context, request);
  const message = await getMailboxMessage(context.services.db, Number(params.id));
  if (!message) throw new Response("Not found", { status: 404 });
  return new Response(message.html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy":
        "sandbox allow-popups allow-top-navigation-by-user-activation; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
      "Cache-Control": "no-store",
    },
  });
}
