import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../auth/guards.server";
import { organisationDashboardCsv } from "../matching/dashboard-csv";
import { getOrganisationDashboard } from "../matching/pools.server";

/** The organisation's dashboard as CSV: pools × projects, committed, owed, paid (members only). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const dashboard = await getOrganisationDashboard(context.services.db, params.slug ?? "", user);
  if (dashboard === "NotFound") throw new Response("Not found", { status: 404 });
  if (dashboard === "NotAllowed") throw new Response("Forbidden", { status: 403 });
  return new Response(`\uFEFF${organisationDashboardCsv(dashboard)}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${dashboard.organisation.slug}-matching.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
