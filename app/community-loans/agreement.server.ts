import { PDFDocument, type PDFFont, rgb, StandardFonts } from "pdf-lib";
import { formatDate, formatMoney } from "../i18n/format";
import type { Locale, Translate } from "../i18n/i18n";
import type { AgreementData } from "./views";

/**
 * A lender's loan agreement as a PDF (pdf-lib with the standard Helvetica fonts: no font files, pure
 * JavaScript). Parties, amounts, rate, term, method, the lender's own schedule, the risk warning and
 * the date. Text the standard fonts cannot encode (WinAnsi) becomes "?" rather than failing.
 */
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

export function winAnsi(text: string): string {
  return [...text.replace(/[\u202f\u2009\u2007]/g, " ")]
    .map((ch) => {
      const code = ch.codePointAt(0)!;
      if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) return ch;
      return "?";
    })
    .join("");
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of winAnsi(text).split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) > width && line) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

const rate = (bps: number, locale: Locale) => `${(bps / 100).toLocaleString(locale === "nl" ? "nl-NL" : "en-GB", { maximumFractionDigits: 2 })}%`;

export async function agreementPdf(a: AgreementData, t: Translate, locale: Locale, now: Date): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(winAnsi(`${t("communityLoans.agreement.title")}: ${a.projectTitle}`));
  doc.setCreator("Buurtkracht");
  doc.setCreationDate(now);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const margin = 50;
  let page = doc.addPage([595.28, 841.89]);
  const width = page.getWidth() - 2 * margin;
  let y = page.getHeight() - margin;
  const money = (c: number) => formatMoney(c, locale);

  const ensure = (h: number) => {
    if (y - h < margin) {
      page = doc.addPage([595.28, 841.89]);
      y = page.getHeight() - margin;
    }
  };
  const paragraph = (text: string, opts: { size?: number; f?: PDFFont; gap?: number } = {}) => {
    const size = opts.size ?? 10;
    for (const line of wrap(text, opts.f ?? font, size, width)) {
      ensure(size + 4);
      page.drawText(line, { x: margin, y: y - size, size, font: opts.f ?? font, color: rgb(0.1, 0.1, 0.1) });
      y -= size + 4;
    }
    y -= opts.gap ?? 6;
  };

  paragraph(t("communityLoans.agreement.title"), { size: 18, f: bold, gap: 10 });
  paragraph(t("communityLoans.agreement.parties", { lender: a.lenderName, borrower: a.borrowerName, project: a.projectTitle }));
  paragraph(
    t("communityLoans.agreement.amounts", {
      lent: money(a.lentCents),
      total: money(a.principalCents),
      rate: rate(a.annualRateBps, locale),
      months: String(a.months),
      method: t(`communityLoans.method.${a.method}.short`),
      start: formatDate(a.startDate, locale),
    }),
  );
  paragraph(t("communityLoans.agreement.split"));
  paragraph(t("communityLoans.agreement.scheduleHeading"), { size: 12, f: bold });

  const cols = [margin, margin + 70, margin + 180, margin + 290, margin + 390];
  const row = (cells: string[], f: PDFFont) => {
    ensure(14);
    cells.forEach((c, i) => page.drawText(winAnsi(c), { x: cols[i]!, y: y - 9, size: 9, font: f }));
    y -= 13;
  };
  row(
    [
      t("communityLoans.schedule.n"),
      t("communityLoans.schedule.due"),
      t("communityLoans.schedule.principal"),
      t("communityLoans.schedule.interest"),
      t("communityLoans.schedule.payment"),
    ],
    bold,
  );
  for (const i of a.installments) row([String(i.n), formatDate(i.dueOn, locale), money(i.principalCents), money(i.interestCents), money(i.amountCents)], font);
  const total = a.installments.reduce((s, i) => s + i.amountCents, 0);
  row(
    [t("communityLoans.schedule.total"), "", money(a.installments.reduce((s, i) => s + i.principalCents, 0)), money(total - a.lentCents), money(total)],
    bold,
  );
  y -= 10;

  paragraph(t("communityLoans.risk.heading"), { size: 12, f: bold });
  paragraph(t("communityLoans.risk.text", { initiator: a.borrowerName, project: a.projectTitle, maxPerLender: money(a.maxPerLenderCents) }));
  paragraph(t("communityLoans.agreement.date", { date: formatDate(now, locale), loanId: a.loanId }), { size: 8 });
  return doc.save();
}
