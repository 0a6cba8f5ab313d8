import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../auth/guards.server";
import { getTranslator } from "../http/locale.server";
import { backersCsv } from "../pledges/backers-csv";
import { listBackersForInitiator } from "../pledges/pledges.server";
import { requireOwnProject } from "../projects/access.server";

/** The initiator's backer list as CSV (names as each backer allowed; never e-mail addresses). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireOwnProject(context, params.slug, user);
  const { t } = await getTranslator(context, request);
  const rows = await listBackersForInitiator(context.services.db, project.id);
  const csv = backersCsv(rows, {
    anonymous: t("projects.backers.anonymous"),
    header: ["name", "amount_cents", "amount_eur", "tier", "status", "message", "pledged_at"],
  });
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${project.slug}-backers.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
