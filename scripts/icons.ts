/**
 * Draws the app's icons from public/favicon.svg (docs/decisions/065-seo-and-feeds.md):
 * `npx tsx scripts/icons.ts` writes public/icons/. The manifest's "any" icons keep the favicon's
 * rounded square; the maskable one and the Apple touch icon fill the whole square (the launcher
 * or iOS rounds it), the house staying well inside the safe zone (the central 80 % circle).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const favicon = fs.readFileSync(path.join(root, "public/favicon.svg"), "utf8");
const fullBleed = favicon.replace(/<rect ([^>]*?)rx="[^"]*"/, "<rect $1");
if (fullBleed === favicon) throw new Error("public/favicon.svg has no rounded <rect> to fill the square with");

const outDir = path.join(root, "public/icons");
fs.mkdirSync(outDir, { recursive: true });
const icons: [string, string, number][] = [
  ["icon-192.png", favicon, 192],
  ["icon-512.png", favicon, 512],
  ["icon-maskable-512.png", fullBleed, 512],
  ["apple-touch-icon.png", fullBleed, 180],
];
for (const [name, svg, size] of icons) {
  await sharp(Buffer.from(svg), { density: (72 * size) / 32 })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toFile(path.join(outDir, name));
  console.log(`public/icons/${name} (${size}×${size})`);
}
