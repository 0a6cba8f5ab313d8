import { Form, Link } from "@remix-run/react";
import { formatDate } from "../../i18n/format";
import type { MessageKey } from "../../i18n/i18n";
import { useLocale, useT } from "../../i18n/use-t";
import type { QuestionsSection, QuestionView } from "../../questions/views";
import { FormErrorSummary, TextArea } from "../ui/field";

/**
 * Questions to a project's team (issue 15): the list, the ask form and the team's answer forms.
 * Presentational: every form posts to /projects/<slug>/questions, which answers with a flash and
 * comes back here (`from`), or shows the form again with the message next to its field.
 */
type Errors = Partial<Record<string, MessageKey>>;
export type QuestionsFrom = "project" | "dashboard" | "questions";

interface FormState {
  /** The errors of the last form sent, and which question it was about (null: the ask form). */
  errors?: Errors;
  questionId?: string | null;
  values?: Record<string, string>;
}

export function QuestionItem({
  q,
  slug,
  team,
  signedIn,
  from,
  form,
  busy,
}: {
  q: QuestionView;
  slug: string;
  team: boolean;
  signedIn: boolean;
  from: QuestionsFrom;
  form?: FormState;
  busy: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const action = `/projects/${slug}/questions`;
  const errors = form?.questionId === q.id ? form.errors : undefined;
  const answerable = team && q.hiddenReason === null;
  return (
    <li id={`question-${q.id}`} className={`card min-w-0 p-4 ${q.hiddenReason !== null ? "border-dashed bg-stone-50" : ""}`}>
      <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-stone-700">
        <Link to={`/u/${q.asker.handle}`}>{q.asker.displayName}</Link>
        <span aria-hidden="true">·</span>
        <time dateTime={new Date(q.askedAt).toISOString()}>{formatDate(q.askedAt, locale)}</time>
        {q.kind === "suggestion" ? (
          <span className="rounded bg-sky-100 px-2 py-0.5 text-xs font-semibold text-sky-900">{t("questions.badge.suggestion")}</span>
        ) : null}
        {q.private ? <span className="rounded bg-stone-200 px-2 py-0.5 text-xs font-semibold text-stone-800">{t("questions.badge.private")}</span> : null}
        {signedIn && !q.mine && q.hiddenReason === null ? (
          <Link to={`/report?kind=question&id=${q.id}`} className="text-xs">
            {t("moderation.report.link")}
          </Link>
        ) : null}
      </p>
      {q.hiddenReason !== null ? (
        <p role="note" className="mt-1 text-sm font-medium text-red-900">
          {t("questions.hidden", { reason: q.hiddenReason })}
        </p>
      ) : null}
      <div className="prose-bk mt-1 max-w-none break-words" dangerouslySetInnerHTML={{ __html: q.bodyHtml }} />
      {q.answer ? (
        <div className="mt-3 border-l-4 border-emerald-600 pl-3">
          <p className="text-sm font-semibold text-stone-800">
            {t("questions.answer.by", { name: q.answer.byName, date: formatDate(q.answer.at, locale) })}
            {q.answer.edited ? ` ${t("questions.answer.edited")}` : null}
          </p>
          <div className="prose-bk max-w-none break-words" dangerouslySetInnerHTML={{ __html: q.answer.html }} />
        </div>
      ) : (
        <p className="mt-2 text-sm font-medium text-amber-900">{t("questions.unanswered")}</p>
      )}
      {answerable ? (
        q.status === "asked" ? (
          <Form method="post" action={action} className="mt-3 space-y-2" noValidate>
            <FormErrorSummary errors={errors} />
            <input type="hidden" name="intent" value="answer" />
            <input type="hidden" name="questionId" value={q.id} />
            <input type="hidden" name="from" value={from} />
            <TextArea
              label={t("questions.answer.field")}
              name="answer"
              required
              maxLength={4000}
              error={errors?.answer}
              defaultValue={errors ? form?.values?.answer : undefined}
            />
            <button type="submit" className="btn-primary" disabled={busy}>
              {t("questions.answer.submit")}
            </button>
          </Form>
        ) : (
          <details className="mt-3" open={errors !== undefined}>
            <summary className="cursor-pointer text-sm font-medium">{t("questions.answer.edit")}</summary>
            <Form method="post" action={action} className="mt-2 space-y-2" noValidate>
              <FormErrorSummary errors={errors} />
              <input type="hidden" name="intent" value="edit-answer" />
              <input type="hidden" name="questionId" value={q.id} />
              <input type="hidden" name="from" value={from} />
              <TextArea
                label={t("questions.answer.field")}
                name="answer"
                required
                maxLength={4000}
                error={errors?.answer}
                defaultValue={q.answerSource ?? ""}
              />
              <button type="submit" className="btn-secondary" disabled={busy}>
                {t("questions.answer.save")}
              </button>
            </Form>
          </details>
        )
      ) : null}
      {q.mine ? (
        <Form method="post" action={action} className="mt-3">
          <FormErrorSummary errors={errors} />
          <input type="hidden" name="questionId" value={q.id} />
          <input type="hidden" name="from" value={from} />
          <button type="submit" name="intent" value="withdraw" className="btn-secondary px-3 py-1 text-xs" disabled={busy}>
            {t("questions.withdraw")}
          </button>
        </Form>
      ) : null}
    </li>
  );
}

/** The "Vragen" section of a project page (and the body of the questions page). */
export function ProjectQuestions({
  slug,
  section,
  signedIn,
  from,
  form,
  busy,
  headingLevel = 2,
}: {
  slug: string;
  section: QuestionsSection;
  signedIn: boolean;
  from: QuestionsFrom;
  form?: FormState;
  busy: boolean;
  headingLevel?: 1 | 2;
}) {
  const t = useT();
  const Heading = headingLevel === 1 ? "h1" : "h2";
  const askErrors = form && !form.questionId ? form.errors : undefined;
  const values = askErrors ? (form?.values ?? {}) : {};
  return (
    <section aria-labelledby="questions-heading" id="questions" className="min-w-0">
      <Heading id="questions-heading" className="text-2xl font-bold">
        {t("questions.title")}
      </Heading>
      <p className="mt-1 text-stone-700">{t("questions.intro")}</p>
      {section.questions.length === 0 ? <p className="mt-2 text-stone-700">{t("questions.empty")}</p> : null}
      <ol className="mt-3 space-y-3">
        {section.questions.map((q) => (
          <QuestionItem key={q.id} q={q} slug={slug} team={section.team} signedIn={signedIn} from={from} form={form} busy={busy} />
        ))}
      </ol>
      {section.mayAsk ? (
        <Form method="post" action={`/projects/${slug}/questions`} className="card mt-4 space-y-3 p-4" noValidate>
          <h3 className="text-lg font-semibold">{t("questions.ask.heading")}</h3>
          <FormErrorSummary errors={askErrors} />
          <input type="hidden" name="intent" value="ask" />
          <input type="hidden" name="from" value={from} />
          <fieldset>
            <legend className="text-sm font-medium text-stone-800">{t("questions.field.kind")}</legend>
            <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
              {(["question", "suggestion"] as const).map((k) => (
                <label key={k} className="flex items-center gap-2">
                  <input type="radio" name="kind" value={k} defaultChecked={(values.kind ?? "question") === k} />
                  {t(`questions.kind.${k}`)}
                </label>
              ))}
            </div>
            {askErrors?.kind ? <p className="mt-1 text-sm text-red-800">{t(askErrors.kind)}</p> : null}
          </fieldset>
          <TextArea
            label={t("questions.field.body")}
            hint={t("questions.field.body.hint")}
            name="body"
            required
            minLength={3}
            maxLength={2000}
            error={askErrors?.body}
            defaultValue={values.body}
          />
          <label className="flex items-start gap-2">
            <input type="checkbox" name="visibility" value="private" defaultChecked={values.visibility === "private"} className="mt-1" />
            <span>{t("questions.field.private")}</span>
          </label>
          <button type="submit" className="btn-primary" disabled={busy}>
            {t("questions.ask.submit")}
          </button>
        </Form>
      ) : !signedIn ? (
        <p className="mt-3 text-sm text-stone-700">
          <Link to={`/login?redirectTo=${encodeURIComponent(`/projects/${slug}#questions`)}`}>{t("questions.login")}</Link>
        </p>
      ) : !section.team ? (
        <p className="mt-3 text-sm text-stone-700">{t("questions.closed")}</p>
      ) : null}
    </section>
  );
}

/** The dashboard's list: questions waiting for the team's answer, with the answer form. */
export function DashboardQuestions({ slug, questions, form, busy }: { slug: string; questions: QuestionView[]; form?: FormState; busy: boolean }) {
  const t = useT();
  return (
    <section aria-labelledby="questions-heading" id="questions" className="card min-w-0 p-6">
      <h2 id="questions-heading" className="text-xl font-semibold">
        {t("questions.dashboard.title")}
      </h2>
      <p className="mt-1 text-sm text-stone-700">{t("questions.dashboard.intro")}</p>
      {questions.length === 0 ? <p className="mt-2 text-stone-700">{t("questions.dashboard.empty")}</p> : null}
      <ol className="mt-3 space-y-3">
        {questions.map((q) => (
          <QuestionItem key={q.id} q={q} slug={slug} team signedIn from="dashboard" form={form} busy={busy} />
        ))}
      </ol>
      <p className="mt-3 text-sm">
        <Link to={`/projects/${slug}/questions`}>{t("questions.all")}</Link>
      </p>
    </section>
  );
}
