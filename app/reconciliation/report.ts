import { formatDateTime, formatMoney } from "../i18n/format";
import { type Locale, type MessageKey, translate } from "../i18n/i18n";
import type { ReconciliationItem, ReconciliationReport } from "./reconciliation";

/**
 * A reconciliation report in words, in either language (docs/decisions/027): one line per item for
 * the admin page, and the whole report as text for `npm run ledger:verify -- --gateway`. Pure.
 */

/** "2 min 30 s", "45 s", "3 h 5 min". */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

const refsText = (refs: Record<string, string>) =>
  Object.entries(refs)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");

function subjectOf(item: ReconciliationItem, locale: Locale): string {
  const label =
    item.object.type === "payment"
      ? translate(locale, "reconciliation.object.payment", { id: item.object.id })
      : item.object.type === "refund"
        ? translate(locale, "reconciliation.object.refund", { id: item.object.id })
        : item.object.id;
  const refs = refsText(item.refs);
  return refs ? `${label} (${refs})` : label;
}

const journalsText = (item: ReconciliationItem, locale: Locale) =>
  item.journals.length ? item.journals.map((j) => `#${j.id} ${j.kind}`).join(", ") : translate(locale, "reconciliation.journals.none");

/** One item as a sentence, e.g. "payment pi_… (pledgeId …): € 10,00 charged at the gateway (succeeded, …), but no journal books it". */
export function describeItem(item: ReconciliationItem, locale: Locale): string {
  const money = (cents: number | null) => (cents === null ? "—" : formatMoney(cents, locale));
  const params = {
    subject: subjectOf(item, locale),
    gateway: money(item.gatewayCents),
    ledger: money(item.ledgerCents),
    what: translate(locale, item.what ? (`reconciliation.what.${item.what}` as MessageKey) : "reconciliation.what.none"),
    status: item.object.gatewayStatus ?? "—",
    at: item.object.createdAt ? formatDateTime(item.object.createdAt, locale) : "—",
    journals: journalsText(item, locale),
    purpose: item.purpose ?? "—",
    detail: item.detail ?? "",
    late: item.lateMs === null ? "—" : formatDuration(item.lateMs),
  };
  return translate(locale, `reconciliation.code.${item.code}` as MessageKey, params);
}

/** A pending item's deadline: when it turns into a difference. */
export function pendingUntil(item: ReconciliationItem, graceMs: number): Date | null {
  return item.status === "pending" && item.since ? new Date(new Date(item.since).getTime() + graceMs) : null;
}

/** The report as text (the CLI's), at most `limit` lines per status. */
export function formatReconciliationReport(report: ReconciliationReport, locale: Locale = "en", limit = 50): string {
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
  const lines = [
    t("reconciliation.report.head", {
      gateway: report.gateway,
      payments: report.counts.payments,
      refunds: report.counts.refunds,
      since: formatDateTime(report.window.since, locale),
      until: formatDateTime(report.window.until, locale),
      journals: report.counts.journals,
    }),
  ];
  const section = (status: ReconciliationItem["status"], mark: string, heading: string) => {
    const items = report.items.filter((i) => i.status === status);
    if (items.length === 0) return;
    lines.push(`${mark} ${heading}`);
    for (const item of items.slice(0, limit)) {
      const until = pendingUntil(item, report.graceMs);
      lines.push(`    - ${describeItem(item, locale)}${until ? ` (${t("reconciliation.pending.until", { until: formatDateTime(until, locale) })})` : ""}`);
    }
    if (items.length > limit) lines.push(`    … ${items.length - limit}`);
  };
  lines.push(`✓ ${t("reconciliation.report.matched", { count: report.counts.matched })}`);
  section("difference", "✗", t("reconciliation.report.differences", { count: report.counts.differences }));
  section("pending", "…", t("reconciliation.report.pending", { count: report.counts.pending, grace: formatDuration(report.graceMs) }));
  section("healed", "✓", t("reconciliation.report.healed", { count: report.counts.healed }));
  lines.push(report.ok ? t("reconciliation.report.ok") : t("reconciliation.report.notOk"));
  return lines.join("\n");
}
