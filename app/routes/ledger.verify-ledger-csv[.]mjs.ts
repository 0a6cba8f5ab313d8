import fs from "node:fs/promises";
import path from "node:path";

/** The outsider's check (docs/verify-ledger-csv.mjs), served as it is in the repository: one file, no packages. */
export async function loader() {
  const text = await fs.readFile(path.resolve("docs", "verify-ledger-csv.mjs"), "utf8").catch(() => null);
  if (text === null) throw new Response("Not found", { status: 404 });
  return new Response(text, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      "Content-Disposition": 'attachment; filename="verify-ledger-csv.mjs"',
      "Cache-Control": "public, max-age=3600",
    },
  });
}
