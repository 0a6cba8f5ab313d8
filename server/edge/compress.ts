/**
 * Response compression (issue 17; docs/decisions/086).
 *
 * With `compression`'s defaults a streamed Remix page cost far more CPU with brotli than with gzip
 * or none (`/projects` at the quick city: +16 ms per request with brotli, +0 with gzip). Not the
 * many writes: Remix writes and flushes each chunk React gives it (21 writes, 21 flushes for that
 * page), and gathering the writes before the compressor changed little. The window did: zlib's brotli
 * default is lgwin 22, a 4 MB window whose buffers and hash tables the encoder allocates and clears
 * for every response. At lgwin 18 (256 kB, more than any page here) brotli costs what gzip costs and
 * still compresses better. The browser's bundles are not compressed here at all: they are sent as
 * the brotli or gzip twins made at build time (scripts/precompress.ts).
 */
import zlib from "node:zlib";
import compression from "compression";

export function compressResponses() {
  return compression({ brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_LGWIN]: 18 } } });
}
