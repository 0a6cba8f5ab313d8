import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "../auth/guards.server";
import { FormErrorSummary } from "../components/ui/field";
import { fieldError, formDataToObject } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { getTranslator } from "../http/locale.server";
import { setNeighbourhoodResponder } from "../ideas/ideas.server";
import { listResponderChoices } from "../ideas/reads.server";
import { useT } from "../i18n/use-t";

/** Site admins name the organisations that answer each neighbourhood's board posts (issue 14, decision 069). */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  const { t } = await getTranslator(context, request);
  return { title: `${t("ideas.admin.title")} · ${t("app.name")}`, neighbourhoods: await listResponderChoices(context.services.db) };
}

const SaveSchema = z.object({ neighbourhoodId: z.string().trim().min(1).max(60), organisationIds: z.array(z.string().max(60)).max(100).default([]) });

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(context, request, "admin");
  const raw = formDataToObject(await request.formData());
  const parsed = SaveSchema.safeParse({ neighbourhoodId: raw.neighbourhoodId, organisationIds: ([] as unknown[]).concat(raw.organisationIds ?? []) });
  if (!parsed.success) return data({ ...fieldError("_form", "ideas.error.responderUnknown"), neighbourhoodId: "" }, { status: 400 });
  const { db, clock } = context.services;
  const now = clock.now();
  const choices = (await listResponderChoices(db)).find((n) => n.id === parsed.data.neighbourhoodId);
  if (!choices) return data({ ...fieldError("_form", "ideas.error.responderUnknown"), neighbourhoodId: "" }, { status: 400 });
  const wanted = new Set(parsed.data.organisationIds);
  if ([...wanted].some((id) => !choices.organisations.some((o) => o.id === id))) {
    return data({ ...fieldError("_form", "ideas.error.responderUnknown"), neighbourhoodId: choices.id }, { status: 400 });
  }
  for (const o of choices.organisations) {
    if (o.responds === wanted.has(o.id)) continue;
    const r = await setNeighbourhoodResponder(db, { neighbourhoodId: choices.id, organisationId: o.id, responds: wanted.has(o.id), actorId: admin.id, now });
    if (!r.ok) return data({ ...fieldError("_form", r.error), neighbourhoodId: choices.id }, { status: 400 });
  }
  return redirectWithFlash(context, request, "/admin/responders", { kind: "success", key: "ideas.admin.saved" });
}

export default function AdminResponders() {
  const { neighbourhoods } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <h1 className="text-3xl font-bold">{t("ideas.admin.title")}</h1>
      <p className="text-stone-700">{t("ideas.admin.intro")}</p>
      {actionData && !actionData.ok && !actionData.neighbourhoodId ? <FormErrorSummary errors={actionData.errors} /> : null}
      {neighbourhoods[0]?.organisations.length === 0 ? <p className="card p-4">{t("ideas.admin.none")}</p> : null}
      {neighbourhoods.map((n) => (
        <Form key={n.id} method="post" className="card space-y-2 p-4">
          <h2 className="text-lg font-semibold">
            {n.name} ({n.city})
          </h2>
          {actionData && !actionData.ok && actionData.neighbourhoodId === n.id ? <FormErrorSummary errors={actionData.errors} /> : null}
          <input type="hidden" name="neighbourhoodId" value={n.id} />
          {n.organisations.map((o) => (
            <label key={o.id} className="flex items-center gap-2">
              <input type="checkbox" name="organisationIds" value={o.id} defaultChecked={o.responds} />
              {t("ideas.admin.responds", { organisation: o.name, neighbourhood: n.name })}
            </label>
          ))}
          <button type="submit" className="btn-secondary" disabled={busy}>
            {t("ideas.admin.save", { neighbourhood: n.name })}
          </button>
        </Form>
      ))}
    </div>
  );
}
