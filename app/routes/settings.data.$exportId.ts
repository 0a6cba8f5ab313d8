import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../auth/guards.server";
import { getDataExportFile } from "../privacy/exports.server";

/** A member's data archive: only they may open it, until it expires (docs/decisions/074). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const { db, storage, clock } = context.services;
  const file = await getDataExportFile(db, storage, { userId: user.id, exportId: params.exportId ?? "", now: clock.now() });
  if (!file) throw new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(file.data) as unknown as BodyInit, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${file.name}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
