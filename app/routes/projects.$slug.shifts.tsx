import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { requireUser } from "../auth/guards.server";
import { parseIntentForm } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import type { MessageKey } from "../i18n/i18n";
import { shiftSignupSchema } from "../needs/shift-schema";
import { changeOwnSignup } from "../needs/shifts.server";
import { changeOwnOffer } from "../needs/offers.server";
import { requireVisibleProject } from "../projects/access.server";

/** A neighbour signs up for a shift on the project page, or offers a skill or a thing, or withdraws (issue 11). */
export async function loader({ params }: ActionFunctionArgs) {
  return redirect(`/projects/${params.slug ?? ""}#shifts`);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireVisibleProject(context, params.slug, user);
  const back = `/projects/${project.slug}#shifts`;
  const form = parseIntentForm(shiftSignupSchema, await request.formData());
  if (!form.ok) {
    const key = (form.errors.note ?? "needs.error.NotFound") as MessageKey;
    return redirectWithFlash(context, request, back, { kind: "error", key });
  }
  if (form.data.intent === "offer" || form.data.intent === "withdraw-offer") {
    const offering = form.data.intent === "offer";
    const offered = await changeOwnOffer(context.services.db, {
      projectId: project.id,
      needId: form.data.needId,
      userId: user.id,
      event: { type: offering ? "offer" : "cancel" },
      note: form.data.intent === "offer" ? form.data.note : undefined,
      now: context.services.clock.now(),
    });
    const wanted = `/projects/${project.slug}#wanted`;
    if (!offered.ok) return redirectWithFlash(context, request, wanted, { kind: "error", key: `needs.error.${offered.error}` as MessageKey });
    return redirectWithFlash(context, request, wanted, { kind: "success", key: offering ? "needs.flash.offered" : "needs.flash.offerWithdrawn" });
  }
  const signUp = form.data.intent === "sign-up";
  const result = await changeOwnSignup(context.services.db, {
    projectId: project.id,
    needId: form.data.needId,
    userId: user.id,
    event: { type: signUp ? "sign_up" : "cancel" },
    note: form.data.intent === "sign-up" ? form.data.note : undefined,
    now: context.services.clock.now(),
  });
  if (!result.ok) return redirectWithFlash(context, request, back, { kind: "error", key: `needs.error.${result.error}` as MessageKey });
  return redirectWithFlash(context, request, back, { kind: "success", key: signUp ? "needs.flash.signedUp" : "needs.flash.withdrawn" });
}
