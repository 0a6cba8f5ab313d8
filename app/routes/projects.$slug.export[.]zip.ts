import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../auth/guards.server";
import { getTranslator } from "../http/locale.server";
import { projectArchive } from "../pages/project-export.server";
import { requireProjectPermission } from "../projects/access.server";

/** The initiator's export: the whole project as one zip (docs/decisions/074); a co-initiator's dashboard has no such link. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireProjectPermission(context, params.slug, user, "export");
  const { t } = await getTranslator(context, request);
  const archive = await projectArchive(context.services.db, project, { now: context.services.clock.now(), anonymous: t("projects.backers.anonymous") });
  return new Response(new Uint8Array(archive) as unknown as BodyInit, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${project.slug}.zip"`,
      "Cache-Control": "private, no-store",
    },
  });
}
