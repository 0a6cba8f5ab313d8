import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { FormErrorSummary } from "../components/ui/field";
import { fieldError } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { getTranslator } from "../http/locale.server";
import { useT } from "../i18n/use-t";
import { circleErrorKey } from "../lending/circle-errors";
import { getInvite, joinCircle } from "../lending/circles.server";

/** An invite link (docs/decisions/061): a signed-in member sees whose circle it is and joins. A bad or renewed link says so. */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const { t } = await getTranslator(context, request);
  const invite = await getInvite(context.services.db, context.services.signer, (params.token ?? "").slice(0, 200), user.id);
  if (!invite) return data({ title: `${t("circles.title")} · ${t("app.name")}`, invite: null }, { status: 404 });
  return { title: `${t("circles.join.title", { name: invite.name })} · ${t("app.name")}`, invite };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const { db, signer, clock } = context.services;
  const r = await joinCircle(db, signer, { token: (params.token ?? "").slice(0, 200), userId: user.id, now: clock.now() });
  if (!r.ok) return data(fieldError("_form", circleErrorKey(r.error)), { status: 400 });
  return redirectWithFlash(context, request, `/circles/${r.circleId}`, { kind: "success", key: "circles.join.joined" });
}

export default function JoinCircle() {
  const { invite } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  if (!invite)
    return (
      <div className="mx-auto max-w-xl space-y-4">
        <h1 className="text-3xl font-bold">{t("circles.title")}</h1>
        <p className="card p-5">{t("circles.join.bad")}</p>
      </div>
    );
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <h1 className="text-3xl font-bold">{t("circles.join.title", { name: invite.name })}</h1>
      <FormErrorSummary errors={errors} />
      <p className="text-stone-700">{t("circles.join.intro", { owner: invite.ownerName, name: invite.name })}</p>
      {invite.isMember ? (
        <p className="card p-5">
          {t("circles.join.already")} <Link to="/circles">{t("circles.title")}</Link>
        </p>
      ) : (
        <Form method="post">
          <button type="submit" className="btn-primary" disabled={busy}>
            {t("circles.join.submit")}
          </button>
        </Form>
      )}
    </div>
  );
}
