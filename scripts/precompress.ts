/**
 * Writes a brotli (.br) and a gzip (.gz) twin of every compressible file under public/build at
 * build time (issue 17; docs/decisions/086): the server sends the twin the browser accepts
 * (express-static-gzip) instead of compressing the same bundle again on every request. Brotli at
 * its best quality here — it costs seconds once, at build time, not per request.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const COMPRESSIBLE = /\.(js|css|map|json|svg|txt|webmanifest|html|mjs)$/;

export function precompressAssets(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let n = 0;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !COMPRESSIBLE.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const body = fs.readFileSync(file);
    if (body.length < 1024) continue;
    fs.writeFileSync(
      `${file}.br`,
      zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
    );
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(body, { level: 9 }));
    n++;
  }
  return n;
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  const dir = path.join(process.cwd(), "public", "build");
  console.log(`Precompressed ${precompressAssets(dir)} assets in ${path.relative(process.cwd(), dir)}/`);
}
