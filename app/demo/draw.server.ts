import sharp from "sharp";

/** Demo pictures for the seed: a coloured card with a title, drawn with sharp from SVG. */

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!);

/** Splits a title into lines of at most `width` characters (a longer single word keeps its own line). */
export function wrapWords(title: string, width: number): string[] {
  const lines: string[] = [];
  for (const w of title.split(" ")) {
    const last = lines[lines.length - 1];
    if (last && `${last} ${w}`.length <= width) lines[lines.length - 1] = `${last} ${w}`;
    else lines.push(w);
  }
  return lines;
}

/** Up to three centred title lines as SVG text, around the vertical middle `cy`. */
export function titleText(title: string, o: { width: number; cx: number; cy: number; fontSize: number; lineHeight: number }): string {
  const lines = wrapWords(title, o.width).slice(0, 3);
  return lines
    .map(
      (l, i) =>
        `<text x="${o.cx}" y="${o.cy + i * o.lineHeight - ((lines.length - 1) * o.lineHeight) / 2}" font-size="${o.fontSize}" font-family="DejaVu Sans, sans-serif" font-weight="bold" text-anchor="middle" fill="#fff">${escapeXml(l)}</text>`,
    )
    .join("");
}

export const svgToJpeg = (svg: string): Promise<Buffer> => sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
