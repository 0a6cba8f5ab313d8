import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../auth/guards.server";
import { getTranslator } from "../http/locale.server";
import { formatDateTime } from "../i18n/format";
import { backersCsv, backersSpreadsheet } from "../pledges/backers-csv";
import { listBackersForInitiator } from "../pledges/pledges.server";
import { requireProjectPermission } from "../projects/access.server";

/** The initiator's backer list as CSV (names as each backer allowed; never e-mail addresses). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireProjectPermission(context, params.slug, user, "see_backers");
  const { t, locale } = await getTranslator(context, request);
  const rows = await listBackersForInitiator(context.services.db, project.id);
  // ?for=spreadsheet: the initiator's language, ";"-separated, for Excel and Numbers (issue 13 §16);
  // otherwise the data export (English headers, cents, ISO dates) for tools.
  const spreadsheet = new URL(request.url).searchParams.get("for") === "spreadsheet";
  const csv = spreadsheet
    ? backersSpreadsheet(rows, {
        anonymous: t("projects.backers.anonymous"),
        header: [
          t("projects.csv.name"),
          t("projects.csv.amount"),
          t("projects.csv.tier"),
          t("projects.csv.status"),
          t("projects.csv.message"),
          t("projects.csv.date"),
          t("projects.csv.contact"),
        ],
        status: (s) => t(`pledges.status.${s}`),
        decimalComma: locale === "nl",
        date: (d) => formatDateTime(d, locale),
      })
    : backersCsv(rows, {
        anonymous: t("projects.backers.anonymous"),
        header: ["name", "amount_cents", "amount_eur", "tier", "status", "message", "pledged_at"],
      });
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${project.slug}-${spreadsheet ? t("projects.csv.file") : "backers"}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
