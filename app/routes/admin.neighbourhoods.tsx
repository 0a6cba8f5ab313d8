import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "../auth/guards.server";
import { FormErrorSummary, TextField } from "../components/ui/field";
import { fieldError, parseIntentForm } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { getTranslator } from "../http/locale.server";
import { useT } from "../i18n/use-t";
import { appointNeighbourhoodModerator, removeNeighbourhoodModerator } from "../neighbourhoods/pages.server";
import { listNeighbourhoodModerators } from "../neighbourhoods/reads.server";
import { ModeratorFormSchema } from "../neighbourhoods/story-schema";

/** Site admins appoint and remove each neighbourhood's moderators (issue 15, docs/decisions/073). */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  const { t } = await getTranslator(context, request);
  return { title: `${t("buurt.admin.title")} · ${t("app.name")}`, neighbourhoods: await listNeighbourhoodModerators(context.services.db) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(context, request, "admin");
  const formData = await request.formData();
  const neighbourhoodId = String(formData.get("neighbourhoodId") ?? "").slice(0, 60);
  const form = parseIntentForm(ModeratorFormSchema, formData);
  if (!form.ok) return data({ ...form, neighbourhoodId }, { status: 400 });
  const { db, clock } = context.services;
  const f = form.data;
  const result =
    f.intent === "appoint"
      ? await appointNeighbourhoodModerator(db, { neighbourhoodId: f.neighbourhoodId, handle: f.handle, actor: admin, now: clock.now() })
      : await removeNeighbourhoodModerator(db, { neighbourhoodId: f.neighbourhoodId, userId: f.userId, actor: admin, now: clock.now() });
  if (!result.ok) return data({ ...fieldError(result.field, result.error), neighbourhoodId }, { status: 400 });
  return redirectWithFlash(context, request, "/admin/neighbourhoods", {
    kind: "success",
    key: f.intent === "appoint" ? "buurt.admin.appointed" : "buurt.admin.removed",
  });
}

export default function AdminNeighbourhoods() {
  const { neighbourhoods } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <h1 className="text-3xl font-bold">{t("buurt.admin.title")}</h1>
      <p className="text-stone-700">{t("buurt.admin.intro")}</p>
      {actionData && !actionData.ok && !neighbourhoods.some((n) => n.id === actionData.neighbourhoodId) ? (
        <FormErrorSummary errors={actionData.errors} />
      ) : null}
      {neighbourhoods.map((n) => {
        const errors = actionData && !actionData.ok && actionData.neighbourhoodId === n.id ? actionData.errors : undefined;
        return (
          <section key={n.id} aria-labelledby={`hood-${n.id}`} className="card space-y-3 p-4">
            <h2 id={`hood-${n.id}`} className="text-lg font-semibold">
              <Link to={`/buurt/${n.id}`} className="hover:underline">
                {n.name} ({n.city})
              </Link>
            </h2>
            <FormErrorSummary errors={errors} />
            {n.moderators.length === 0 ? (
              <p className="text-stone-700">{t("buurt.admin.none")}</p>
            ) : (
              <ul className="space-y-2">
                {n.moderators.map((m) => (
                  <li key={m.id} className="flex flex-wrap items-center justify-between gap-2">
                    <span>
                      {m.displayName} (@{m.handle})
                    </span>
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="neighbourhoodId" value={n.id} />
                      <input type="hidden" name="userId" value={m.id} />
                      <button type="submit" className="btn-secondary" disabled={busy}>
                        {t("buurt.admin.remove", { name: m.displayName, neighbourhood: n.name })}
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            )}
            <Form method="post" className="flex flex-wrap items-end gap-3" noValidate>
              <input type="hidden" name="intent" value="appoint" />
              <input type="hidden" name="neighbourhoodId" value={n.id} />
              <TextField label={t("buurt.admin.handle")} name="handle" maxLength={60} required error={errors?.handle} className="min-w-0 flex-1" />
              <button type="submit" className="btn-primary" disabled={busy}>
                {t("buurt.admin.appoint", { neighbourhood: n.name })}
              </button>
            </Form>
          </section>
        );
      })}
    </div>
  );
}
