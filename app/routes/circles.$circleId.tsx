import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "../auth/guards.server";
import { FormErrorSummary, TextField } from "../components/ui/field";
import { fieldError, parseIntentForm } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { getTranslator } from "../http/locale.server";
import { useT } from "../i18n/use-t";
import { circleErrorKey } from "../lending/circle-errors";
import { getCirclePage, inviteByEmail, isCircleMember, leaveCircle, renewInviteLink } from "../lending/circles.server";
import { CircleActionSchema } from "../lending/lending-schema";

/**
 * A circle's page: its members (members only: anyone else gets a 404, so nobody learns who is in
 * it), and for its owner the invite link, invitations by e-mail and removing members (decision 061).
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const { db, signer, env } = context.services;
  const circle = await getCirclePage(db, signer, params.circleId ?? "", user.id);
  if (!circle) throw new Response("Not found", { status: 404 });
  const { t } = await getTranslator(context, request);
  const inviteUrl = circle.inviteToken ? `${env.APP_URL}/circles/join/${encodeURIComponent(circle.inviteToken)}` : null;
  return { title: `${circle.name} · ${t("app.name")}`, circle: { ...circle, inviteToken: null }, inviteUrl };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const { db, signer, clock } = context.services;
  const circleId = params.circleId ?? "";
  // Who is not in the circle learns nothing about it, not even that it exists.
  if (!(await isCircleMember(db, circleId, user.id))) throw new Response("Not found", { status: 404 });
  const form = parseIntentForm(CircleActionSchema, await request.formData());
  if (!form.ok) return data(form, { status: 400 });
  const now = clock.now();
  const here = `/circles/${circleId}`;
  switch (form.data.intent) {
    case "invite": {
      const r = await inviteByEmail(db, signer, { circleId, ownerId: user.id, email: form.data.email, now });
      if (!r.ok) throw new Response("Not found", { status: 404 });
      return redirectWithFlash(context, request, here, { kind: "success", key: "circles.invite.sent" });
    }
    case "renew": {
      const r = await renewInviteLink(db, { circleId, ownerId: user.id, now });
      if (!r.ok) throw new Response("Not found", { status: 404 });
      return redirectWithFlash(context, request, here, { kind: "success", key: "circles.link.renewed" });
    }
    case "leave": {
      const r = await leaveCircle(db, { circleId, actorId: user.id, now });
      if (!r.ok) {
        if (r.error === "NotFound") throw new Response("Not found", { status: 404 });
        return data(fieldError("_form", circleErrorKey(r.error)), { status: 400 });
      }
      return redirectWithFlash(context, request, "/circles", { kind: "success", key: "circles.left" });
    }
    case "remove": {
      const r = await leaveCircle(db, { circleId, actorId: user.id, handle: form.data.handle, now });
      if (!r.ok) {
        if (r.error === "NotFound") throw new Response("Not found", { status: 404 });
        return data(fieldError("_form", circleErrorKey(r.error)), { status: 400 });
      }
      return redirectWithFlash(context, request, here, { kind: "success", key: "circles.removed" });
    }
  }
}

export default function CirclePage() {
  const { circle, inviteUrl } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.errors : undefined;
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <p>
        <Link to="/circles">← {t("circles.back")}</Link>
      </p>
      <h1 className="text-3xl font-bold">{circle.name}</h1>
      <FormErrorSummary errors={errors} />
      <section aria-labelledby="members-heading" className="space-y-2">
        <h2 id="members-heading" className="text-xl font-bold">
          {t("circles.membersTitle")}
        </h2>
        <p className="text-sm text-stone-600">{t("circles.private")}</p>
        <ul className="space-y-2">
          {circle.members.map((m) => (
            <li key={m.handle} className="card flex flex-wrap items-center justify-between gap-2 p-3">
              <span>
                <Link to={`/u/${m.handle}`}>{m.displayName}</Link>
                {m.role === "owner" ? <span className="text-sm text-stone-600"> · {t("circles.owner")}</span> : null}
              </span>
              {circle.isOwner && m.role !== "owner" ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="handle" value={m.handle} />
                  <button type="submit" className="btn-secondary" disabled={busy} aria-label={`${t("circles.remove")}: ${m.displayName}`}>
                    {t("circles.remove")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      {circle.isOwner && inviteUrl ? (
        <>
          <section aria-labelledby="link-heading" className="card space-y-2 p-5">
            <h2 id="link-heading" className="text-xl font-bold">
              {t("circles.link")}
            </h2>
            <p className="text-sm text-stone-700">{t("circles.link.hint")}</p>
            <label className="block text-sm font-medium text-stone-800" htmlFor="invite-url">
              {t("circles.link.copy")}
            </label>
            <input id="invite-url" className="input" readOnly value={inviteUrl} data-testid="invite-url" />
            <Form method="post">
              <input type="hidden" name="intent" value="renew" />
              <button type="submit" className="btn-secondary" disabled={busy}>
                {t("circles.link.renew")}
              </button>
            </Form>
          </section>
          <Form method="post" className="card space-y-3 p-5" noValidate>
            <input type="hidden" name="intent" value="invite" />
            <TextField
              label={t("circles.invite.email")}
              hint={t("circles.invite.email.hint")}
              name="email"
              type="email"
              required
              autoComplete="off"
              error={errors?.email}
            />
            <button type="submit" className="btn-primary" disabled={busy}>
              {t("circles.invite.submit")}
            </button>
          </Form>
        </>
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="leave" />
          <button type="submit" className="btn-secondary" disabled={busy}>
            {t("circles.leave")}
          </button>
        </Form>
      )}
    </div>
  );
}
