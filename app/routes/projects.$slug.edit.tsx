import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { ProjectForm, projectValues, valuesFromSubmission } from "../components/projects/project-form";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { listNeighbourhoods } from "../neighbourhoods/neighbourhoods.server";
import { requireProjectPermission } from "../projects/access.server";
import { redirectWithFlash } from "../http/flash.server";
import { budgetTotal, isEditable } from "../projects/project";
import { echo, linesFromForm, projectSchema } from "../projects/project-schema";
import { updateProject } from "../projects/projects.server";
import { fieldError, parseForm } from "../forms/forms";
import { getLoanTerms, saveLoanTermsTx } from "../community-loans/community-loans.server";
import { loanTermsFormValues, parseLoanTermsForm } from "../community-loans/loan-schema";
import { loanCaps } from "../community-loans/pages.server";
import { filesFrom, parseMultipartForm } from "../http/uploads.server";
import { limitReached, tooMany } from "../http/limits.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireProjectPermission(context, params.slug, user, "edit");
  if (!isEditable(project.status)) throw redirect(`/projects/${project.slug}/dashboard`);
  const { t } = await getTranslator(context, request);
  const neighbourhoods = await listNeighbourhoods(context.services.db);
  return {
    title: `${t("projects.edit.title")} · ${project.title} · ${t("app.name")}`,
    project,
    neighbourhoods: neighbourhoods.map((n) => ({ value: n.id, label: `${n.name} (${n.city})` })),
    loanTerms: await getLoanTerms(context.services.db, project.id),
    maxPerProjectCents: loanCaps(context.services.env).maxPerProjectCents,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireProjectPermission(context, params.slug, user, "edit");
  const { locale } = await getTranslator(context, request);
  const parsed = await parseMultipartForm(request);
  // A cover too large: the message next to it, and everything typed kept (issue 13 §1).
  if (!parsed.ok) return data({ ...fieldError("cover", parsed.error), values: echo(parsed.formData), lines: linesFromForm(parsed.formData) }, { status: 400 });
  const form = parseForm(projectSchema(locale), parsed.formData);
  const lines = linesFromForm(parsed.formData);
  if (!form.ok) return data({ ...form, lines }, { status: 400 });
  // A community loan's terms, saved with the project in its transaction (app/community-loans).
  const loanForm = form.data.fundingModel === "community_loan" ? parseLoanTermsForm(parsed.formData, form.data.goal, loanCaps(context.services.env)) : null;
  if (loanForm && !loanForm.ok) return data({ ok: false as const, errors: loanForm.errors, values: echo(parsed.formData), lines }, { status: 400 });
  const saveTerms = loanForm?.ok
    ? async (trx: Parameters<typeof saveLoanTermsTx>[0], projectId: string) => (
        await saveLoanTermsTx(trx, projectId, loanForm.terms, context.services.clock.now()),
        null
      )
    : undefined;
  const [cover] = await filesFrom(parsed.formData, "cover");
  const limited = await limitReached(context, "upload.user", user.id, cover ? 1 : 0);
  if (limited) return tooMany(limited, { values: echo(parsed.formData), lines });
  const { db, storage, clock } = context.services;
  const result = await updateProject(
    { db, storage },
    { projectId: project.id, actorId: user.id, project: form.data, cover, now: clock.now(), companion: saveTerms },
  );
  if (!result.ok) return data({ ...fieldError(result.field, result.error), values: echo(parsed.formData), lines }, { status: 400 });
  return redirectWithFlash(context, request, `/projects/${project.slug}/dashboard`, { kind: "success", key: "form.saved" });
}

export default function EditProject() {
  const { project, neighbourhoods, loanTerms, maxPerProjectCents } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const typed = actionData && !actionData.ok ? actionData.values : null;
  const loanValues = typed
    ? { months: typed.loanMonths ?? "", rate: typed.loanRate ?? "", method: typed.loanMethod ?? "" }
    : loanTermsFormValues(loanTerms, locale);
  const values =
    actionData && !actionData.ok ? valuesFromSubmission(actionData.values, actionData.lines, project.cover?.card ?? null) : projectValues(project, locale);
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <p>
        <Link to={`/projects/${project.slug}/dashboard`}>← {t("projects.dashboard.title")}</Link>
      </p>
      <h1 className="text-3xl font-bold">{t("projects.edit.title")}</h1>
      <p className="text-stone-700">{t("projects.edit.intro")}</p>
      <ProjectForm
        key={JSON.stringify(actionData ?? null)}
        values={values}
        errors={actionData && !actionData.ok ? actionData.errors : undefined}
        neighbourhoods={neighbourhoods}
        submitLabel={t("form.save")}
        busy={busy}
        planTotalCents={budgetTotal(project.budgetLines)}
        goalCents={project.goalCents}
        loan={{ values: loanValues, maxPerProjectCents }}
      />
    </div>
  );
}
