import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "../auth/guards.server";
import { FormErrorSummary, TextArea, TextField } from "../components/ui/field";
import { ConfirmButton } from "../components/ui/confirm";
import { fieldError, parseIntentForm } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { getTranslator } from "../http/locale.server";
import type { MessageKey } from "../i18n/i18n";
import { useT } from "../i18n/use-t";
import { requireProjectPermission } from "../projects/access.server";
import { UpdateSchema } from "../projects/project-schema";
import { getEditableUpdate, reviseUpdate } from "../projects/updates.server";

/** The initiator corrects or withdraws an update (issue 13 §15); what it said before is kept for moderators. */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireProjectPermission(context, params.slug, user, "post_update");
  const update = await getEditableUpdate(context.services.db, project.id, params.updateId ?? "");
  if (!update) throw new Response("Not Found", { status: 404 });
  const { t } = await getTranslator(context, request);
  return { title: `${t("projects.update.edit")} · ${project.title} · ${t("app.name")}`, project: { slug: project.slug, title: project.title }, update };
}

const ReviseSchema = z.discriminatedUnion("intent", [UpdateSchema.safeExtend({ intent: z.literal("edit") }), z.object({ intent: z.literal("delete") })]);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireProjectPermission(context, params.slug, user, "post_update");
  const form = parseIntentForm(ReviseSchema, await request.formData(), "edit");
  if (!form.ok) return data(form, { status: 400 });
  const { db, clock } = context.services;
  const revision = form.data.intent === "edit" ? { kind: "edit" as const, title: form.data.title, body: form.data.body } : { kind: "delete" as const };
  const result = await reviseUpdate(db, { projectId: project.id, updateId: params.updateId ?? "", actorId: user.id, revision, now: clock.now() });
  if (!result.ok) return data(fieldError("_form", result.error), { status: 400 });
  const to = revision.kind === "edit" ? `/projects/${project.slug}#update-${params.updateId}` : `/projects/${project.slug}#updates`;
  const key: MessageKey = revision.kind === "edit" ? "projects.update.saved" : "projects.update.deleted";
  return redirectWithFlash(context, request, to, { kind: "success", key });
}

export default function EditUpdate() {
  const { project, update } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  const typed: Record<string, string> = actionData && !actionData.ok ? actionData.values : {};
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <p>
        <Link to={`/projects/${project.slug}`}>← {project.title}</Link>
      </p>
      <h1 className="text-3xl font-bold">{t("projects.update.edit")}</h1>
      <Form method="post" className="card space-y-4 p-6" noValidate>
        <FormErrorSummary errors={errors} />
        <input type="hidden" name="intent" value="edit" />
        <TextField label={t("projects.update.title")} name="title" required maxLength={120} defaultValue={typed.title ?? update.title} error={errors?.title} />
        <TextArea
          label={t("projects.update.body")}
          hint={t("projects.field.story.hint")}
          name="body"
          required
          rows={10}
          defaultValue={typed.body ?? update.body}
          error={errors?.body}
        />
        <p className="text-sm text-stone-700">{t("projects.update.edit.note")}</p>
        <button type="submit" className="btn-primary" disabled={busy}>
          {t("projects.update.save")}
        </button>
      </Form>
      <Form method="post" className="card space-y-3 p-6">
        <h2 className="text-lg font-semibold">{t("projects.update.delete.title")}</h2>
        <p className="text-sm text-stone-700">{t("projects.update.delete.explain")}</p>
        <input type="hidden" name="intent" value="delete" />
        <ConfirmButton className="btn-secondary" confirm={t("projects.update.delete.confirm")} disabled={busy}>
          {t("projects.update.delete")}
        </ConfirmButton>
      </Form>
    </div>
  );
}
