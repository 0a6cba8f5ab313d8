import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { FormErrorSummary, TextArea, TextField } from "../components/ui/field";
import { fieldError, parseForm, parseIntentForm } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { getTranslator } from "../http/locale.server";
import { formatDate } from "../i18n/format";
import type { MessageKey } from "../i18n/i18n";
import { useLocale, useT } from "../i18n/use-t";
import { listOfferNeeds, listProjectShifts, listShiftVolunteers } from "../needs/reads.server";
import type { z } from "zod";

type SkillNeed = z.output<typeof skillNeedSchema>;
type ItemNeed = z.output<typeof itemNeedSchema>;
import { itemNeedSchema, offerAnswerSchema, shiftManageSchema, shiftSchema, skillNeedSchema } from "../needs/shift-schema";
import { addNeed, answerOffer } from "../needs/offers.server";
import { addShift, cancelShift, markAttendance } from "../needs/shifts.server";
import { amsterdamParts } from "../needs/time";
import { requireProjectPermission } from "../projects/access.server";
import { mayDo } from "../projects/team";
import { echo } from "../projects/project-schema";

/** The initiator's volunteer shifts (issue 11): add, see who signed up, mark who came, cancel. */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireProjectPermission(context, params.slug, user, "see_volunteers");
  const { db, clock } = context.services;
  const { t } = await getTranslator(context, request);
  const now = clock.now();
  const [shifts, volunteers, wanted] = await Promise.all([
    listProjectShifts(db, { projectId: project.id, viewerId: null, now, includeCancelled: true }),
    listShiftVolunteers(db, project.id),
    listOfferNeeds(db, { projectId: project.id, viewerId: null }),
  ]);
  return {
    title: `${t("needs.manage.title")} · ${project.title} · ${t("app.name")}`,
    project: { slug: project.slug, title: project.title },
    // A helper sees the lists; managing the needs is the initiator's and co-initiators' (decision 071).
    canManage: mayDo(project.standing, "edit"),
    shifts: shifts.map((s) => ({ ...s, started: s.startsAt.getTime() <= now.getTime(), volunteers: volunteers.get(s.id) ?? [] })),
    wanted: wanted.map((w) => ({ ...w, offers: volunteers.get(w.id) ?? [] })),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireProjectPermission(context, params.slug, user, "edit");
  const { db, clock } = context.services;
  const formData = await request.formData();
  const back = `/projects/${project.slug}/needs`;
  const intent = formData.get("intent");
  if (intent === "add-skill" || intent === "add-item") {
    const form = parseForm(intent === "add-skill" ? skillNeedSchema : itemNeedSchema, formData);
    if (!form.ok) return data({ ...form, formId: intent }, { status: 400 });
    const need = intent === "add-skill" ? { kind: "skill" as const, ...(form.data as SkillNeed) } : { kind: "item" as const, ...(form.data as ItemNeed) };
    const added = await addNeed(db, { projectId: project.id, actorId: user.id, need, now: clock.now() });
    if (!added.ok) return data({ ...fieldError("_form", `needs.error.${added.error}` as MessageKey), values: echo(formData), formId: intent }, { status: 400 });
    return redirectWithFlash(context, request, back, { kind: "success", key: "needs.flash.needAdded" });
  }
  if (intent === "answer") {
    const form = parseForm(offerAnswerSchema, formData);
    if (!form.ok) return data(form, { status: 400 });
    const answered = await answerOffer(db, { projectId: project.id, offerId: form.data.offerId, answer: form.data.answer, actorId: user.id, now: clock.now() });
    if (!answered.ok) return redirectWithFlash(context, request, back, { kind: "error", key: `needs.error.${answered.error}` as MessageKey });
    return redirectWithFlash(context, request, back, { kind: "success", key: "needs.flash.marked" });
  }
  if (intent === "add-shift" || !intent) {
    const form = parseForm(shiftSchema, formData);
    if (!form.ok) return data({ ...form, formId: "add-shift" }, { status: 400 });
    const added = await addShift(db, { projectId: project.id, actorId: user.id, shift: form.data, now: clock.now() });
    if (!added.ok)
      return data(
        { ...fieldError(added.field ?? "_form", `needs.error.${added.error}` as MessageKey), values: echo(formData), formId: "add-shift" },
        { status: 400 },
      );
    return redirectWithFlash(context, request, back, { kind: "success", key: "needs.flash.added" });
  }
  const form = parseIntentForm(shiftManageSchema, formData);
  if (!form.ok) return data(form, { status: 400 });
  const now = clock.now();
  const result =
    form.data.intent === "cancel-shift"
      ? await cancelShift(db, { projectId: project.id, needId: form.data.needId, actorId: user.id, now })
      : await markAttendance(db, { projectId: project.id, signupId: form.data.signupId, outcome: form.data.outcome, actorId: user.id, now });
  if (!result.ok) return redirectWithFlash(context, request, back, { kind: "error", key: `needs.error.${result.error}` as MessageKey });
  return redirectWithFlash(context, request, back, {
    kind: "success",
    key: form.data.intent === "cancel-shift" ? "needs.flash.cancelled" : "needs.flash.marked",
  });
}

export default function ProjectNeeds() {
  const { project, shifts, wanted, canManage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const locale = useLocale();
  const formId = actionData && !actionData.ok && "formId" in actionData ? actionData.formId : "add-shift";
  const allErrors = actionData && !actionData.ok ? actionData.errors : undefined;
  const errorsFor = (id: string) => (formId === id ? allErrors : undefined);
  const errors = errorsFor("add-shift");
  const typed: Record<string, string> = (actionData && !actionData.ok ? actionData.values : undefined) ?? {};
  const err = (k: string) => errors?.[k] as MessageKey | undefined;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <p>
        {canManage ? (
          <Link to={`/projects/${project.slug}/dashboard`}>← {t("needs.manage.back")}</Link>
        ) : (
          <Link to={`/projects/${project.slug}`}>← {project.title}</Link>
        )}
      </p>
      <h1 className="text-3xl font-bold">{t("needs.manage.title")}</h1>
      <p className="text-stone-700">{t("needs.manage.intro")}</p>

      <section aria-labelledby="shifts" className="space-y-4">
        <h2 id="shifts" className="sr-only">
          {t("needs.manage.title")}
        </h2>
        {shifts.length === 0 ? <p className="card p-5">{t("needs.manage.none")}</p> : null}
        {shifts.map((s) => {
          const from = amsterdamParts(new Date(s.startsAt));
          const until = amsterdamParts(new Date(s.endsAt));
          return (
            <article key={s.id} className="card space-y-3 p-5" aria-labelledby={`shift-${s.id}`}>
              <h3 id={`shift-${s.id}`} className="text-lg font-semibold">
                {s.title} {s.status === "cancelled" ? <span className="text-sm font-normal text-red-700">({t("needs.shift.cancelled")})</span> : null}
              </h3>
              <p className="text-sm text-stone-700">
                {formatDate(s.startsAt, locale)}, {from.time}–{until.time}
                {s.place ? ` · ${s.place}` : ""} · {t("needs.shift.places", { filled: s.filled, needed: s.needed })}
              </p>
              <h4 className="text-sm font-semibold">{t("needs.manage.volunteers")}</h4>
              {s.volunteers.length === 0 ? (
                <p className="text-sm text-stone-700">{t("needs.manage.noVolunteers")}</p>
              ) : (
                <ul className="divide-y divide-stone-200">
                  {s.volunteers.map((v) => (
                    <li key={v.signupId} className="flex flex-wrap items-center justify-between gap-2 py-2">
                      <span>
                        {v.handle ? <Link to={`/u/${v.handle}`}>{v.name}</Link> : v.name} · <span className="text-sm">{t(`needs.status.${v.status}`)}</span>
                        {v.note ? <span className="block text-sm text-stone-700">{v.note}</span> : null}
                      </span>
                      {canManage && s.started && s.status === "open" ? (
                        <span className="flex gap-2">
                          {(["attended", "no_show"] as const).map((outcome) => (
                            <Form method="post" key={outcome}>
                              <input type="hidden" name="intent" value="mark" />
                              <input type="hidden" name="signupId" value={v.signupId} />
                              <input type="hidden" name="outcome" value={outcome} />
                              <button
                                type="submit"
                                className="btn-secondary px-3 py-1.5"
                                disabled={busy || v.status === outcome}
                                aria-pressed={v.status === outcome}
                              >
                                {outcome === "attended" ? t("needs.manage.attended") : t("needs.manage.noShow")}
                                <span className="sr-only"> — {v.name}</span>
                              </button>
                            </Form>
                          ))}
                        </span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              )}
              {canManage && s.status === "open" && !s.started ? (
                <Form
                  method="post"
                  onSubmit={(e) => {
                    if (!window.confirm(t("needs.manage.cancelConfirm"))) e.preventDefault();
                  }}
                >
                  <input type="hidden" name="intent" value="cancel-shift" />
                  <input type="hidden" name="needId" value={s.id} />
                  <button type="submit" className="btn-danger" disabled={busy}>
                    {t("needs.manage.cancel")}
                    <span className="sr-only"> — {s.title}</span>
                  </button>
                </Form>
              ) : null}
            </article>
          );
        })}
      </section>

      <section aria-labelledby="wanted" className="space-y-4">
        <h2 id="wanted" className="text-xl font-bold">
          {t("needs.wanted.title")}
        </h2>
        {wanted.map((w) => (
          <article key={w.id} className="card space-y-2 p-5" aria-labelledby={`need-${w.id}`}>
            <h3 id={`need-${w.id}`} className="font-semibold">
              {w.title} <span className="text-sm font-normal text-stone-700">· {t(w.kind === "skill" ? "needs.wanted.skill" : "needs.wanted.item")}</span>
            </h3>
            <p className="text-sm">{w.filled >= w.needed ? t("needs.wanted.found") : t("needs.wanted.count", { filled: w.filled, needed: w.needed })}</p>
            <h4 className="text-sm font-semibold">{t("needs.manage.offers")}</h4>
            {w.offers.length === 0 ? (
              <p className="text-sm text-stone-700">{t("needs.manage.noOffers")}</p>
            ) : (
              <ul className="divide-y divide-stone-200">
                {w.offers.map((o) => (
                  <li key={o.signupId} className="flex flex-wrap items-center justify-between gap-2 py-2">
                    <span>
                      {o.handle ? <Link to={`/u/${o.handle}`}>{o.name}</Link> : o.name} · <span className="text-sm">{t(`needs.status.${o.status}`)}</span>
                      {o.note ? <span className="block text-sm text-stone-700">{o.note}</span> : null}
                    </span>
                    {o.loanId ? (
                      <Link to={`/loans/${o.loanId}`} className="text-sm">
                        {t("needs.offer.viaLoan")}
                        <span className="sr-only"> — {o.name}</span>
                      </Link>
                    ) : canManage && o.status === "offered" ? (
                      <span className="flex gap-2">
                        {(["accept", "decline"] as const).map((answer) => (
                          <Form method="post" key={answer}>
                            <input type="hidden" name="intent" value="answer" />
                            <input type="hidden" name="offerId" value={o.signupId} />
                            <input type="hidden" name="answer" value={answer} />
                            <button type="submit" className={answer === "accept" ? "btn-primary px-3 py-1.5" : "btn-secondary px-3 py-1.5"} disabled={busy}>
                              {answer === "accept" ? t("needs.manage.accept") : t("needs.manage.decline")}
                              <span className="sr-only"> — {o.name}</span>
                            </button>
                          </Form>
                        ))}
                      </span>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </article>
        ))}
        {canManage ? (
          <div className="grid gap-4 md:grid-cols-2">
            {(["add-skill", "add-item"] as const).map((id) => {
              const e = errorsFor(id);
              const v = formId === id ? typed : {};
              return (
                <Form key={id} method="post" className="card space-y-3 p-5" noValidate aria-labelledby={`${id}-title`}>
                  <h3 id={`${id}-title`} className="font-semibold">
                    {id === "add-skill" ? t("needs.manage.addSkill") : t("needs.manage.addItem")}
                  </h3>
                  <FormErrorSummary errors={e} />
                  <input type="hidden" name="intent" value={id} />
                  <TextField
                    label={id === "add-skill" ? t("needs.field.skillTitle") : t("needs.field.itemTitle")}
                    hint={id === "add-skill" ? t("needs.field.skillTitle.hint") : t("needs.field.itemTitle.hint")}
                    name="title"
                    required
                    maxLength={120}
                    defaultValue={v.title}
                    error={e?.title as MessageKey | undefined}
                  />
                  {id === "add-skill" ? (
                    <TextField
                      label={t("needs.field.effort")}
                      hint={t("needs.field.effort.hint")}
                      name="effort"
                      optional
                      maxLength={60}
                      defaultValue={v.effort}
                      error={e?.effort as MessageKey | undefined}
                    />
                  ) : (
                    <TextField
                      label={t("needs.field.neededOn")}
                      name="neededOn"
                      type="date"
                      optional
                      defaultValue={v.neededOn}
                      error={e?.neededOn as MessageKey | undefined}
                    />
                  )}
                  <TextField
                    label={t("needs.field.howMany")}
                    name="needed"
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={500}
                    defaultValue={v.needed ?? "1"}
                    error={e?.needed as MessageKey | undefined}
                  />
                  <TextArea
                    label={t("needs.field.description")}
                    name="description"
                    optional
                    rows={2}
                    maxLength={1000}
                    defaultValue={v.description}
                    error={e?.description as MessageKey | undefined}
                  />
                  <button type="submit" className="btn-primary" disabled={busy}>
                    {id === "add-skill" ? t("needs.manage.addSkill") : t("needs.manage.addItem")}
                  </button>
                </Form>
              );
            })}
          </div>
        ) : null}
      </section>

      {canManage ? (
        <section aria-labelledby="add" className="card space-y-4 p-6">
          <h2 id="add" className="text-xl font-bold">
            {t("needs.manage.add")}
          </h2>
          <Form method="post" className="space-y-4" noValidate>
            <FormErrorSummary errors={errors} />
            <input type="hidden" name="intent" value="add-shift" />
            <TextField
              label={t("needs.field.title")}
              hint={t("needs.field.title.hint")}
              name="title"
              required
              maxLength={120}
              defaultValue={typed.title}
              error={err("title")}
            />
            <div className="grid gap-4 sm:grid-cols-3">
              <TextField label={t("needs.field.day")} name="day" type="date" required defaultValue={typed.day} error={err("day")} />
              <TextField label={t("needs.field.startTime")} name="startTime" type="time" required defaultValue={typed.startTime} error={err("startTime")} />
              <TextField label={t("needs.field.endTime")} name="endTime" type="time" required defaultValue={typed.endTime} error={err("endTime")} />
            </div>
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField label={t("needs.field.place")} name="place" optional maxLength={200} defaultValue={typed.place} error={err("place")} />
              <TextField
                label={t("needs.field.needed")}
                name="needed"
                type="number"
                inputMode="numeric"
                min={1}
                max={500}
                required
                defaultValue={typed.needed}
                error={err("needed")}
              />
            </div>
            <TextField label={t("needs.field.skills")} name="skills" optional maxLength={200} defaultValue={typed.skills} error={err("skills")} />
            <TextArea
              label={t("needs.field.description")}
              name="description"
              optional
              rows={3}
              maxLength={1000}
              defaultValue={typed.description}
              error={err("description")}
            />
            <button type="submit" className="btn-primary" disabled={busy}>
              {t("needs.manage.add")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
