import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../auth/guards.server";
import { agreementPdf } from "../community-loans/agreement.server";
import { getAgreement, loanCaps } from "../community-loans/pages.server";
import { getTranslator } from "../http/locale.server";

/** A lender's loan agreement (PDF): only that lender, or the initiator for their copy (`?lender=<userId>`). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const lender = new URL(request.url).searchParams.get("lender") ?? undefined;
  const valid = (v: string | undefined) => v === undefined || /^[0-9a-f-]{36}$/i.test(v);
  if (!valid(params.loanId) || !valid(lender)) throw new Response("Not found", { status: 404 });
  const agreement = await getAgreement(context.services.db, {
    loanId: params.loanId ?? "",
    viewerId: user.id,
    lenderId: lender,
    caps: loanCaps(context.services.env),
  });
  if (!agreement) throw new Response("Not found", { status: 404 });
  const { t, locale } = await getTranslator(context, request);
  const pdf = await agreementPdf(agreement, t, locale, context.services.clock.now());
  return new Response(Buffer.from(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="buurtlening-${agreement.projectSlug}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
