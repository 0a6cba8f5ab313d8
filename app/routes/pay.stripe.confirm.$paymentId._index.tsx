import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { requireUser } from "../auth/guards.server";
import { stripeConfirmRedirect } from "../payments/stripe/confirm.server";

/** A payment the bank wants authenticated (3-D Secure), confirmed on-session by its own payer. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const to = await stripeConfirmRedirect(context.services, { userId: user.id, paymentId: params.paymentId });
  if (!to) throw new Response("Not found", { status: 404 });
  return redirect(to);
}
