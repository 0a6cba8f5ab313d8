import type { LoaderFunctionArgs } from "@remix-run/node";
import { getOptionalUser } from "../auth/guards.server";
import { getTranslator } from "../http/locale.server";
import { projectLedgerCsv } from "../pages/project-ledger";
import { getProjectLedgerPage } from "../pages/project-ledger.server";
import { requireVisibleProject } from "../projects/access.server";

/**
 * The project's public ledger as CSV, every sealed line with what an outsider needs to check the
 * chain (docs/ledger-verify.md). `?variant=nl`: semicolons and decimal commas for Dutch spreadsheets.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = await getOptionalUser(context, request);
  const project = await requireVisibleProject(context, params.slug, viewer);
  const { t } = await getTranslator(context, request);
  const dialect = new URL(request.url).searchParams.get("variant") === "nl" ? "nl" : "en";
  const page = await getProjectLedgerPage(context.services.db, project);
  const csv = projectLedgerCsv(page.chain, page.lines, {
    dialect,
    anonymous: t("ledger.neighbour"),
    describe: (l) => t(l.descriptionKey, { name: l.name ?? t("ledger.neighbour"), kind: l.kind }),
    header: (
      [
        "ledger.csv.header.date",
        "ledger.csv.header.description",
        "ledger.csv.header.name",
        "ledger.csv.header.committed",
        "ledger.csv.header.received",
        "ledger.csv.header.balance",
      ] as const
    ).map((key) => t(key)),
  });
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${project.slug}-ledger${dialect === "nl" ? "-nl" : ""}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
