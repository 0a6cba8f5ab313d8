import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { hasRole } from "../auth/user";
import { AvailabilityCalendar, useDayRange } from "../components/lending/calendar";
import { FormErrorSummary, SelectField, TextArea, TextField } from "../components/ui/field";
import { formatDate } from "../i18n/format";
import { getTranslator } from "../http/locale.server";
import { useLocale, useT } from "../i18n/use-t";
import { lendingErrorKey } from "../lending/errors";
import { LendToProjectSchema } from "../lending/lending-schema";
import { lendItemToProject } from "../lending/loans.server";
import { getItemPage } from "../lending/pages.server";
import { redirectWithFlash } from "../http/flash.server";
import { nudgeDelivery } from "../notifications/delivery.server";
import { listLendableProjects } from "../projects/projects.server";
import { listOpenThingNeeds, offerLoanForNeed } from "../needs/loan-needs.server";
import type { MessageKey } from "../i18n/i18n";
import { isUuid } from "../utils/ids";
import { fieldError, parseForm } from "../forms/forms";

/** Items for projects: the owner offers an item to a live project for some days. */

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

async function loadOwnItem(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const { request, context, params } = args;
  const user = await requireUser(context, request);
  const viewer = { id: user.id, neighbourhoodId: user.neighbourhoodId, isModerator: hasRole(user, "moderator") };
  const page = await getItemPage(context.services.db, params.itemId ?? "", viewer, context.services.clock.now());
  // Only the owner can lend the item; to anyone else this page does not exist.
  if (!page || !page.item.isOwner) throw new Response("Not found", { status: 404 });
  return { user, page };
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, page } = await loadOwnItem(args);
  const { context, request } = args;
  const { t } = await getTranslator(context, request);
  const projects = await listLendableProjects(context.services.db, user);
  const wanted = new URL(request.url).searchParams.get("project");
  const preselected = projects.find((p) => p.slug === wanted)?.id ?? "";
  // The projects' material needs still open: lending for one of them fills it (app/needs/loan-needs.server.ts).
  const needs = await listOpenThingNeeds(
    context.services.db,
    projects.map((p) => p.id),
  );
  const titles = new Map(projects.map((p) => [p.id, p.title]));
  const wantedNeed = new URL(request.url).searchParams.get("need") ?? "";
  return {
    title: `${t("lending.project.title", { title: page.item.title })} · ${t("app.name")}`,
    item: { id: page.item.id, title: page.item.title, status: page.item.status },
    window: page.window,
    booked: page.booked,
    projects: projects.map((p) => ({ id: p.id, slug: p.slug, title: p.title, neighbourhoodName: p.neighbourhoodName, endsAt: p.endsAt })),
    preselected,
    needs: needs.map((n) => ({ id: n.id, projectId: n.projectId, projectTitle: titles.get(n.projectId) ?? "", title: n.title, neededOn: n.neededOn })),
    preselectedNeed: needs.some((n) => n.id === wantedNeed) ? wantedNeed : "",
  };
}

export async function action(args: ActionFunctionArgs) {
  const { user, page } = await loadOwnItem(args);
  const { context, request } = args;
  const { db, clock } = context.services;
  const formData = await request.formData();
  const needId = String(formData.get("needId") ?? "").trim();
  const form = parseForm(LendToProjectSchema, formData);
  if (!form.ok) return data({ ...form, values: { ...form.values, needId } }, { status: 400 });
  const values = { projectId: form.data.projectId, startsOn: form.data.startsOn, endsOn: form.data.endsOn, message: form.data.message, needId };
  if (needId !== "" && !isUuid(needId)) return data({ ...fieldError("needId", "needs.error.NotFound"), values }, { status: 400 });
  const [project] = await listLendableProjects(db, user, { projectId: form.data.projectId });
  if (!project) return data({ ...fieldError("projectId", "lending.error.ProjectNotLive"), values }, { status: 400 });
  const now = clock.now();
  const result = await lendItemToProject(
    db,
    {
      ownerId: user.id,
      itemId: page.item.id,
      project: { id: project.id, contactUserId: project.initiatorId },
      startsOn: form.data.startsOn,
      endsOn: form.data.endsOn,
      message: form.data.message,
      now,
    },
    // For one of the project's material needs: the offer on it is made in the loan's transaction.
    needId ? offerLoanForNeed({ projectId: project.id, needId, ownerId: user.id, itemTitle: page.item.title, now }) : undefined,
  );
  if (!result.ok && result.error === "CompanionFailed") {
    return data({ ...fieldError("needId", `needs.error.${result.companionError}` as MessageKey), values }, { status: 400 });
  }
  if (!result.ok) {
    const field = ["StartInPast", "TooFarAhead"].includes(result.error)
      ? "startsOn"
      : ["TooLong", "EndBeforeStart", "DaysTaken"].includes(result.error)
        ? "endsOn"
        : result.error === "ProjectIsYours"
          ? "projectId"
          : "_form";
    return data({ ...fieldError(field, lendingErrorKey(result.error)), values }, { status: 400 });
  }
  await nudgeDelivery(context.services);
  return redirectWithFlash(context, request, `/loans/${result.loanId}`, { kind: "success", key: "lending.flash.offeredToProject" });
}

export default function LendToProject() {
  const { item, window, booked, projects, preselected, needs, preselectedNeed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? (actionData.errors as Parameters<typeof FormErrorSummary>[0]["errors"]) : undefined;
  const values: Record<string, string> = actionData && !actionData.ok ? actionData.values : {};
  const { startsOn, endsOn, setStartsOn, setEndsOn, picking, pick } = useDayRange(values);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <p>
        <Link to={`/items/${item.id}`}>← {item.title}</Link>
      </p>
      <h1 className="text-2xl font-bold">{t("lending.project.title", { title: item.title })}</h1>
      <p className="text-stone-800">{t("lending.project.intro")}</p>
      {item.status !== "listed" ? (
        <p className="rounded-lg bg-amber-50 p-3 text-amber-900">{t("lending.error.NotListed")}</p>
      ) : projects.length === 0 ? (
        <p className="rounded-lg bg-stone-100 p-3 text-stone-800">
          {t("lending.project.noProjects")} <Link to="/projects">{t("nav.projects")}</Link>
        </p>
      ) : (
        <section className="card space-y-4 p-5" aria-labelledby="lend-form-heading">
          <h2 id="lend-form-heading" className="sr-only">
            {t("lending.project.submit")}
          </h2>
          <AvailabilityCalendar
            from={window.from}
            to={window.to}
            today={window.from}
            booked={booked}
            selected={startsOn ? { startsOn, endsOn } : null}
            onPick={pick}
            picking={picking}
          />
          <Form method="post" className="space-y-4" noValidate>
            <FormErrorSummary errors={errors} />
            <SelectField
              label={t("lending.project.field.project")}
              name="projectId"
              required
              defaultValue={values.projectId ?? preselected}
              placeholder={t("lending.project.choose")}
              options={projects.map((p) => ({
                value: p.id,
                label: t("lending.project.endsAt", { title: p.title, neighbourhood: p.neighbourhoodName, date: p.endsAt ? formatDate(p.endsAt, locale) : "—" }),
              }))}
              error={errors?.projectId}
            />
            {needs.length > 0 ? (
              <SelectField
                label={t("needs.lend.field.need")}
                hint={t("needs.lend.field.need.hint")}
                name="needId"
                defaultValue={values.needId ?? preselectedNeed}
                placeholder={t("needs.lend.none")}
                options={needs.map((n) => ({
                  value: n.id,
                  label: n.neededOn
                    ? t("needs.lend.optionOn", { project: n.projectTitle, title: n.title, date: formatDate(n.neededOn, locale) })
                    : t("needs.lend.option", { project: n.projectTitle, title: n.title }),
                }))}
                error={errors?.needId}
              />
            ) : null}
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField
                label={t("lending.field.startsOn")}
                name="startsOn"
                type="date"
                required
                min={window.from}
                value={startsOn}
                onChange={(ev) => setStartsOn(ev.target.value)}
                error={errors?.startsOn}
              />
              <TextField
                label={t("lending.field.endsOn")}
                name="endsOn"
                type="date"
                required
                min={startsOn || window.from}
                value={endsOn}
                onChange={(ev) => setEndsOn(ev.target.value)}
                error={errors?.endsOn}
              />
            </div>
            <TextArea label={t("lending.project.message")} name="message" optional maxLength={1000} defaultValue={values.message} error={errors?.message} />
            <button type="submit" className="btn-primary" disabled={busy}>
              {t("lending.project.submit")}
            </button>
          </Form>
        </section>
      )}
    </div>
  );
}
