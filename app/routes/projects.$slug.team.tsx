import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { confirmOnSubmit } from "../components/ui/confirm";
import { FormErrorSummary } from "../components/ui/field";
import { fieldError, parseForm } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { getTranslator } from "../http/locale.server";
import type { MessageKey } from "../i18n/i18n";
import { useT } from "../i18n/use-t";
import { teamErrorKey } from "../projects/errors";
import { TeamResponseSchema } from "../projects/team-schema";
import { changeTeam, getTeamInvitation } from "../projects/team.server";

/**
 * One's invitation to a project's team, or one's place on it (decision 071): accept or decline
 * an invitation, or leave. Only the invitee or member sees it; the initiator manages the team on
 * the dashboard; to anyone else it does not exist.
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

async function invitationOr404(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const user = await requireUser(args.context, args.request);
  const found = await getTeamInvitation(args.context.services.db, { slug: args.params.slug ?? "", userId: user.id });
  if (!found) throw new Response("Not found", { status: 404 });
  if (found.project.mine) throw redirect(`/projects/${found.project.slug}/dashboard#team`);
  return { user, project: found.project, membership: found.membership! };
}

export async function loader(args: LoaderFunctionArgs) {
  const { project, membership } = await invitationOr404(args);
  const { t } = await getTranslator(args.context, args.request);
  return { title: `${t("team.invitation.title")} · ${project.title} · ${t("app.name")}`, project: { slug: project.slug, title: project.title }, membership };
}

export async function action(args: ActionFunctionArgs) {
  const { context, request } = args;
  const { user, project } = await invitationOr404(args);
  const form = parseForm(TeamResponseSchema, await request.formData());
  if (!form.ok) return data(form, { status: 400 });
  const { intent } = form.data;
  const result = await changeTeam(context.services.db, {
    projectId: project.id,
    actorId: user.id,
    subject: { userId: user.id },
    event: { type: intent },
    now: context.services.clock.now(),
  });
  if (!result.ok) return data(fieldError("_form", teamErrorKey(result.error)), { status: 400 });
  const to = intent === "accept" ? `/projects/${project.slug}` : "/notifications";
  const key: MessageKey = intent === "accept" ? "team.flash.accepted" : intent === "decline" ? "team.flash.declined" : "team.flash.left";
  return redirectWithFlash(context, request, to, { kind: "success", key });
}

export default function TeamInvitation() {
  const { project, membership } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const role = t(`team.role.${membership.role}` as MessageKey);
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <p>
        <Link to={`/projects/${project.slug}`}>← {project.title}</Link>
      </p>
      <h1 className="text-3xl font-bold break-words">{t("team.invitation.title")}</h1>
      <div className="card space-y-4 p-6">
        <FormErrorSummary errors={actionData && !actionData.ok ? actionData.errors : undefined} />
        {membership.status === "invited" ? (
          <>
            <p>{t("team.invitation.text", { name: membership.invitedByName, project: project.title, role })}</p>
            <p className="text-sm text-stone-700">{t(membership.role === "co_initiator" ? "team.invitation.coInitiator" : "team.invitation.helper")}</p>
            <div className="flex flex-wrap gap-2">
              <Form method="post">
                <input type="hidden" name="intent" value="accept" />
                <button type="submit" className="btn-primary" disabled={busy}>
                  {t("team.invitation.accept")}
                </button>
              </Form>
              <Form method="post">
                <input type="hidden" name="intent" value="decline" />
                <button type="submit" className="btn-secondary" disabled={busy}>
                  {t("team.invitation.decline")}
                </button>
              </Form>
            </div>
          </>
        ) : (
          <>
            <p>{t("team.member.text", { project: project.title, role })}</p>
            <p className="flex flex-wrap gap-3">
              {membership.role === "co_initiator" ? <Link to={`/projects/${project.slug}/dashboard`}>{t("team.member.dashboard")}</Link> : null}
              <Link to={`/projects/${project.slug}/needs`}>{t("team.member.volunteers")}</Link>
            </p>
            <Form method="post" onSubmit={confirmOnSubmit(t("team.leave.ask", { project: project.title }))}>
              <input type="hidden" name="intent" value="leave" />
              <button type="submit" className="btn-danger" disabled={busy}>
                {t("team.leave")}
              </button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
