import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getOptionalUser, requireUser } from "../auth/guards.server";
import { ProjectQuestions } from "../components/questions/questions";
import { fieldError, parseIntentForm } from "../forms/forms";
import { redirectWithFlash } from "../http/flash.server";
import { overLimit } from "../http/limits.server";
import { getTranslator } from "../http/locale.server";
import type { MessageKey } from "../i18n/i18n";
import { useT } from "../i18n/use-t";
import { requireVisibleProject } from "../projects/access.server";
import { QuestionActionSchema } from "../questions/question-schema";
import { answerQuestion, askQuestion, editAnswer, withdrawQuestion } from "../questions/questions.server";
import { getQuestionsSection } from "../questions/reads.server";

/**
 * /projects/<slug>/questions: every question to the project's team the viewer may see, and the
 * one action for asking, answering, editing an answer and withdrawing (the project page and the
 * dashboard post their forms here and are sent back; a refused form is shown here, next to its field).
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Buurtkracht" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = await getOptionalUser(context, request);
  const project = await requireVisibleProject(context, params.slug, viewer);
  const { t } = await getTranslator(context, request);
  const section = await getQuestionsSection(context.services.db, {
    project: { id: project.id, initiatorId: project.initiator.id, status: project.status },
    viewerId: viewer?.id ?? null,
  });
  return {
    title: `${t("questions.page.title", { title: project.title })} · ${t("app.name")}`,
    slug: project.slug,
    projectTitle: project.title,
    section,
    signedIn: viewer !== null,
  };
}

const statusOf: Partial<Record<MessageKey, number>> = {
  "questions.error.notTeam": 403,
  "questions.error.notAsker": 403,
  "questions.error.ownProject": 403,
  "questions.error.blocked": 403,
  "questions.error.notFound": 404,
};

const flashOf = {
  ask: "questions.flash.asked",
  answer: "questions.flash.answered",
  "edit-answer": "questions.flash.edited",
  withdraw: "questions.flash.withdrawn",
} as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const project = await requireVisibleProject(context, params.slug, user);
  const form = parseIntentForm(QuestionActionSchema, await request.formData(), "ask");
  if (!form.ok) return data({ ...form, questionId: form.values.questionId ?? null }, { status: 400 });
  const { db, clock } = context.services;
  const now = clock.now();
  const input = form.data;
  let result: { ok: true; questionId?: string } | { ok: false; error: MessageKey };
  if (input.intent === "ask") {
    const limited = await overLimit(context, "question.user", user.id, { body: input.body, kind: input.kind, visibility: input.visibility });
    if (limited) return limited;
    result = await askQuestion(db, { projectId: project.id, askerId: user.id, kind: input.kind, visibility: input.visibility, body: input.body, now });
  } else if (input.intent === "answer") {
    result = await answerQuestion(db, { questionId: input.questionId, projectId: project.id, actorId: user.id, answer: input.answer, now });
  } else if (input.intent === "edit-answer") {
    result = await editAnswer(db, { questionId: input.questionId, projectId: project.id, actorId: user.id, answer: input.answer, now });
  } else {
    result = await withdrawQuestion(db, { questionId: input.questionId, projectId: project.id, actorId: user.id, now });
  }
  const questionId = input.intent === "ask" ? null : input.questionId;
  if (!result.ok) {
    const values = input.intent === "ask" ? { body: input.body, kind: input.kind, visibility: input.visibility } : {};
    return data({ ...fieldError("_form", result.error), values, questionId }, { status: statusOf[result.error] ?? 400 });
  }
  const id = result.questionId ?? questionId;
  const anchor = id ? `#question-${id}` : "#questions";
  const to =
    input.from === "dashboard"
      ? `/projects/${project.slug}/dashboard#questions`
      : input.from === "project"
        ? `/projects/${project.slug}${anchor}`
        : `/projects/${project.slug}/questions${anchor}`;
  return redirectWithFlash(context, request, to, { kind: "success", key: flashOf[input.intent] });
}

export default function QuestionsPage() {
  const { slug, projectTitle, section, signedIn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const form =
    actionData && !actionData.ok
      ? { errors: actionData.errors, values: actionData.values, questionId: "questionId" in actionData ? actionData.questionId : null }
      : undefined;
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <p className="text-sm">
        <Link to={`/projects/${slug}`}>← {t("questions.page.back")}</Link> · {projectTitle}
      </p>
      <ProjectQuestions slug={slug} section={section} signedIn={signedIn} from="questions" form={form} busy={busy} headingLevel={1} />
    </div>
  );
}
