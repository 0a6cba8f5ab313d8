import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { FormErrorSummary, TextField } from "../components/ui/field";
import { fieldError, parseForm } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { getTranslator } from "../http/locale.server";
import { useT } from "../i18n/use-t";
import { circleErrorKey } from "../lending/circle-errors";
import { createCircle, listMyCircles } from "../lending/circles.server";
import { CircleCreateSchema } from "../lending/lending-schema";

/** The member's circles (their own and the ones they joined), and a new one (docs/decisions/061). */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const { t } = await getTranslator(context, request);
  return { title: `${t("circles.title")} · ${t("app.name")}`, circles: await listMyCircles(context.services.db, user.id) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const formData = await request.formData();
  const form = parseForm(CircleCreateSchema, formData);
  if (!form.ok) return data(form, { status: 400 });
  const { db, clock } = context.services;
  const result = await createCircle(db, { ownerId: user.id, name: form.data.name, now: clock.now() });
  if (!result.ok) return data({ ...fieldError("name", circleErrorKey(result.error)), values: { name: form.data.name } }, { status: 400 });
  return redirectWithFlash(context, request, `/circles/${result.circleId}`, { kind: "success", key: "circles.created" });
}

export default function Circles() {
  const { circles } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  const values = actionData && !actionData.ok ? actionData.values : {};
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <h1 className="text-3xl font-bold">{t("circles.title")}</h1>
      <p className="text-stone-700">{t("circles.intro")}</p>
      <section aria-labelledby="mine-heading" className="space-y-2">
        <h2 id="mine-heading" className="text-xl font-bold">
          {t("circles.mine")}
        </h2>
        {circles.length === 0 ? <p className="card p-5">{t("circles.empty")}</p> : null}
        <ul className="space-y-2">
          {circles.map((c) => (
            <li key={c.id} className="card flex flex-wrap items-center justify-between gap-2 p-4">
              <Link to={`/circles/${c.id}`} className="font-semibold">
                {c.name}
              </Link>
              <span className="text-sm text-stone-600">
                {t("circles.members", { count: c.memberCount })}
                {c.isOwner ? ` · ${t("circles.yours")}` : ""}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="new-heading">
        <h2 id="new-heading" className="text-xl font-bold">
          {t("circles.new")}
        </h2>
        <FormErrorSummary errors={errors} />
        <Form method="post" className="card mt-2 space-y-3 p-5" noValidate>
          <TextField
            label={t("circles.name")}
            hint={t("circles.name.hint")}
            name="name"
            required
            maxLength={80}
            autoComplete="off"
            defaultValue={values.name}
            error={errors?.name}
          />
          <button type="submit" className="btn-primary" disabled={busy}>
            {t("circles.create")}
          </button>
        </Form>
      </section>
    </div>
  );
}
