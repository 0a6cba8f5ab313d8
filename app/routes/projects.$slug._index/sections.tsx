import { EMBED_FRAME } from "../../projects/api";
import { ResponsiveImage } from "../../components/ui/responsive-image";
import { Form, Link } from "@remix-run/react";
import { LentByNeighbours } from "../../components/lending/lent-by-neighbours";
import { FundingPlanTable } from "../../components/projects/funding-plan";
import { FundingProgress } from "../../components/projects/progress";
import { ShareLinks } from "../../components/projects/share-links";
import { ProjectStatusBadge } from "../../components/projects/status";
import { TimeLeft } from "../../components/projects/time-left";
import { FormErrorSummary, TextArea } from "../../components/ui/field";
import { formatDate, formatDateTime, formatMoney } from "../../i18n/format";
import type { MessageKey } from "../../i18n/i18n";
import { useLocale, useT } from "../../i18n/use-t";
import type { ProjectPage } from "../../pages/project-page";
import { amsterdamParts } from "../../needs/time";

/** The project page's sections (route-local: only /projects/<slug> shows them). */
type Project = ProjectPage["project"];
type Viewer = ProjectPage["viewer"];
type Standing = ProjectPage["standing"];

export function ProjectHeader({ project, viewer }: { project: Project; viewer: Viewer }) {
  const t = useT();
  return (
    <header className="space-y-3">
      <div className="flex flex-wrap items-center gap-2 text-sm text-stone-700">
        <ProjectStatusBadge status={project.status} />
        <span>{t(`projects.category.${project.category}`)}</span>
        <span>
          · {project.neighbourhood.name}, {project.neighbourhood.city}
        </span>
      </div>
      <h1 className="text-3xl font-bold md:text-4xl">{project.title}</h1>
      <p className="max-w-3xl text-lg text-stone-800">{project.summary}</p>
      <p className="text-sm text-stone-700" data-testid="project-owner">
        {project.organisation ? (
          <>
            <Link to={`/organisations/${project.organisation.slug}`} className="font-semibold">
              {t("projects.page.byOrganisation", { organisation: project.organisation.name })}
            </Link>{" "}
            · {t("projects.page.contact")} <Link to={`/u/${project.initiator.handle}`}>{project.initiator.displayName}</Link>
          </>
        ) : (
          <>
            {t("projects.page.by")} <Link to={`/u/${project.initiator.handle}`}>{project.initiator.displayName}</Link>
          </>
        )}
        {viewer && !viewer.isInitiator ? (
          <>
            {" · "}
            <Link to={`/report?kind=project&id=${project.id}`}>{t("moderation.report.link")}</Link>
          </>
        ) : null}
      </p>
      {project.hiddenReason ? (
        <p role="alert" className="rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          {t("projects.page.hiddenByModerator", { reason: project.hiddenReason })}
        </p>
      ) : null}
      {viewer?.isInitiator || (viewer?.team?.status === "active" && viewer.team.role === "co_initiator") ? (
        <p>
          <Link to={`/projects/${project.slug}/dashboard`} className="btn-secondary">
            {t("projects.dashboard.title")}
          </Link>
        </p>
      ) : null}
      {viewer?.team?.status === "active" && viewer.team.role === "helper" ? (
        <p>
          <Link to={`/projects/${project.slug}/needs`} className="btn-secondary">
            {t("needs.manage.link")}
          </Link>
        </p>
      ) : null}
      {viewer?.team?.status === "invited" ? (
        <p role="status" className="rounded-lg border border-stone-300 bg-stone-50 p-3 text-sm">
          {t("team.page.invitation")} <Link to={`/projects/${project.slug}/team`}>{t("team.page.invitationLink")}</Link>
        </p>
      ) : null}
    </header>
  );
}

export function StatusNotice({ project }: { project: Project }) {
  const t = useT();
  if (project.status === "cancelled") {
    return (
      <p role="status" className="rounded-lg border border-red-200 bg-red-50 p-4 text-red-900">
        {t("projects.page.cancelled")} {project.cancelReason ? `${t("projects.page.cancelReason")} ${project.cancelReason}` : null}
      </p>
    );
  }
  if (project.status === "failed") {
    return (
      <p role="status" className="rounded-lg border border-stone-300 bg-stone-100 p-4">
        {t("projects.page.failed")}
      </p>
    );
  }
  if (project.status === "succeeded" || project.status === "paid_out") {
    return (
      <p role="status" className="rounded-lg border border-brand-200 bg-brand-50 p-4 text-brand-900">
        {t("projects.page.succeeded")}
      </p>
    );
  }
  return null;
}

export function ProjectStory({ project }: { project: Project }) {
  const t = useT();
  return (
    <>
      {project.cover ? (
        <ResponsiveImage image={project.cover.large} alt="" sizes="(min-width: 1024px) 46rem, 100vw" priority className="w-full rounded-xl" />
      ) : null}
      <section aria-labelledby="story">
        <h2 id="story" className="text-2xl font-bold">
          {t("projects.page.story")}
        </h2>
        <div className="prose-bk mt-3 max-w-none" dangerouslySetInnerHTML={{ __html: project.storyHtml }} />
      </section>

      <section aria-labelledby="plan">
        <h2 id="plan" className="text-2xl font-bold">
          {t("projects.page.plan")}
        </h2>
        <p className="mt-1 text-sm text-stone-700">{t("projects.page.plan.intro")}</p>
        <FundingPlanTable lines={project.budgetLines} totalCents={project.goalCents} />
      </section>
    </>
  );
}

export function ProjectUpdates({
  updates,
  canReport = false,
  editPath,
}: {
  updates: ProjectPage["updates"];
  canReport?: boolean;
  /** For the initiator: where each update is edited (`<editPath>/<id>`). */
  editPath?: string;
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="updates">
      <h2 id="updates" className="text-2xl font-bold">
        {t("projects.page.updates")}
      </h2>
      {updates.length === 0 ? <p className="mt-2 text-stone-700">{t("projects.page.noUpdates")}</p> : null}
      <ol className="mt-3 space-y-4">
        {updates.map((u) => (
          <li key={u.id} id={`update-${u.id}`} className="card p-5">
            <h3 className="text-lg font-semibold">{u.title}</h3>
            <p className="text-sm text-stone-600">
              <time dateTime={new Date(u.createdAt).toISOString()}>{formatDate(u.createdAt, locale)}</time> · {u.author.displayName}
              {u.editedAt ? (
                <>
                  {" · "}
                  <time dateTime={new Date(u.editedAt).toISOString()}>{t("projects.update.edited", { date: formatDate(u.editedAt, locale) })}</time>
                </>
              ) : null}
              {editPath ? (
                <>
                  {" · "}
                  <Link to={`${editPath}/${u.id}`}>{t("projects.update.edit.link")}</Link>
                </>
              ) : null}
              {canReport ? (
                <>
                  {" · "}
                  <Link to={`/report?kind=update&id=${u.id}`}>{t("moderation.report.link")}</Link>
                </>
              ) : null}
            </p>
            <div className="prose-bk mt-2" dangerouslySetInnerHTML={{ __html: u.html }} />
          </li>
        ))}
      </ol>
    </section>
  );
}

export function ProjectComments({
  comments,
  viewer,
  errors,
  busy,
  closed,
}: {
  comments: ProjectPage["comments"];
  viewer: Viewer;
  /** A cancelled project: the comments stay readable, the box is gone (issue 13 §15). */
  closed?: boolean;
  errors?: Partial<Record<string, MessageKey>>;
  busy: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="comments-heading" id="comments">
      <h2 id="comments-heading" className="text-2xl font-bold">
        {t("projects.page.comments")}
      </h2>
      {comments.length === 0 ? <p className="mt-2 text-stone-700">{t("projects.page.noComments")}</p> : null}
      <ol className="mt-3 space-y-3">
        {comments.map((c) => (
          <li key={c.id} id={`comment-${c.id}`} className={`card p-4 ${c.hidden ? "border-dashed bg-stone-50" : ""}`}>
            <p className="text-sm text-stone-700">
              <Link to={`/u/${c.author.handle}`}>{c.author.displayName}</Link>
              {c.author.isInitiator ? ` · ${t("projects.comment.initiator")}` : null} ·{" "}
              <time dateTime={new Date(c.createdAt).toISOString()}>{formatDateTime(c.createdAt, locale)}</time>
              {c.hidden ? <strong className="ml-2 text-red-800">{t("projects.comment.isHidden")}</strong> : null}
              {viewer && !c.mine && !c.hidden ? (
                <>
                  {" · "}
                  <Link to={`/report?kind=comment&id=${c.id}`}>{t("moderation.report.link")}</Link>
                </>
              ) : null}
            </p>
            {c.hiddenReason ? (
              <p role="note" className="mt-1 text-sm font-medium text-red-900">
                {t("projects.comment.hiddenByModerator", { reason: c.hiddenReason })}
              </p>
            ) : null}
            <p className="mt-1 whitespace-pre-line">{c.body}</p>
            {viewer?.isInitiator || viewer?.isModerator ? (
              <Form method="post" className="mt-2">
                <input type="hidden" name="commentId" value={c.id} />
                <button type="submit" name="intent" value={c.hidden ? "unhide" : "hide"} className="btn-secondary px-3 py-1 text-xs">
                  {c.hidden ? t("projects.comment.unhide") : t("projects.comment.hide")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ol>
      {viewer?.canComment ? (
        <Form method="post" className="card mt-4 space-y-3 p-4" noValidate>
          <FormErrorSummary errors={errors} />
          <input type="hidden" name="intent" value="comment" />
          <TextArea label={t("projects.comment.label")} name="body" required maxLength={2000} error={errors?.body} />
          <button type="submit" className="btn-primary" disabled={busy}>
            {t("projects.comment.submit")}
          </button>
        </Form>
      ) : (
        <p className="mt-3 text-sm text-stone-700">{t(closed ? "projects.comment.closed" : "projects.comment.onlyBackers")}</p>
      )}
    </section>
  );
}

export function FundingBox({
  project,
  now,
  viewer,
  standing,
  live,
  matches,
  monthly,
  needs,
  wanted,
  dropped,
}: {
  project: Project;
  now: Date;
  viewer: Viewer;
  standing: Standing;
  live: boolean;
  matches: ProjectPage["matches"];
  /** An ongoing project's monthly givers and total (app/recurring); null for the other models. */
  monthly?: { givers: number; monthlyCents: number; receivedCents: number } | null;
  needs?: ProjectPage["needs"];
  wanted?: ProjectPage["wanted"];
  dropped?: ProjectPage["dropped"];
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card space-y-3 p-5" aria-labelledby="funding">
      <h2 id="funding" className="sr-only">
        {t("projects.page.funding")}
      </h2>
      {project.fundingModel === "ongoing" ? (
        <MonthlyProgress monthlyCents={monthly?.monthlyCents ?? 0} targetCents={project.goalCents} givers={monthly?.givers ?? 0} />
      ) : (
        <FundingProgress
          pledgedCents={project.pledgedCents}
          goalCents={project.goalCents}
          collectedCents={project.collectedCents}
          matchedCents={project.matchedCents}
          showCollected={project.status !== "live"}
        />
      )}
      {dropped ? (
        <p role="note" className="rounded-lg border border-stone-300 bg-stone-50 p-3 text-sm text-stone-800">
          {t("projects.progress.dropped", { count: dropped.count, amount: formatMoney(dropped.cents, locale) })}
        </p>
      ) : null}
      {matches.length > 0 ? (
        <ul className="space-y-1 text-sm" aria-label={t("matching.countsTowardGoal")}>
          {matches.map((m) => (
            <li key={m.poolId}>
              <strong className="text-amber-800">
                {t("matching.fromOrganisation", { amount: formatMoney(m.cents, locale), organisation: m.organisationName })}
              </strong>{" "}
              <span className="text-stone-700">({t(`matching.status.${m.status}`)})</span>{" "}
              <Link to={`/pools/${m.poolId}`} className="underline">
                {t("matching.rulesLink")}
              </Link>
            </li>
          ))}
          <li className="text-xs text-stone-600">{t("matching.countsTowardGoal")}</li>
        </ul>
      ) : null}
      <dl className="grid grid-cols-2 gap-2 text-sm">
        <div>
          <dt className="text-stone-700">{project.fundingModel === "ongoing" ? t("projects.page.monthlyGivers") : t("projects.page.backers")}</dt>
          <dd className="text-lg font-semibold">{project.fundingModel === "ongoing" ? (monthly?.givers ?? 0) : project.backerCount}</dd>
        </div>
        <div>
          <dt className="text-stone-700">{project.status === "live" ? t("projects.page.timeLeft") : t("projects.page.deadline")}</dt>
          <dd className="text-lg font-semibold">
            {project.fundingModel === "ongoing" ? (
              t("projects.page.noDeadline")
            ) : project.status === "live" ? (
              <TimeLeft endsAt={project.endsAt} now={now} />
            ) : project.endsAt ? (
              formatDate(project.endsAt, locale)
            ) : (
              "—"
            )}
          </dd>
        </div>
        <div>
          <dt className="text-stone-700">{t("projects.page.collected")}</dt>
          <dd className="font-semibold">{formatMoney(project.fundingModel === "ongoing" ? (monthly?.receivedCents ?? 0) : project.collectedCents, locale)}</dd>
        </div>
        <div>
          <dt className="text-stone-700">{t("projects.field.fundingModel")}</dt>
          <dd className="font-semibold">{t(`projects.fundingModel.${project.fundingModel}`)}</dd>
        </div>
      </dl>
      <p className="text-xs text-stone-600">{t(`projects.fundingModel.${project.fundingModel}.explain`)}</p>
      {needs && needs.volunteersNeeded > 0 ? (
        <p className="text-sm font-medium">
          <a href="#shifts">{t("needs.summary", { filled: needs.volunteersSignedUp, count: needs.volunteersNeeded })}</a>
        </p>
      ) : null}
      {wanted && wanted.some((w) => w.kind === "item") ? (
        <ul className="text-sm">
          {wanted
            .filter((w) => w.kind === "item")
            .map((w) => (
              <li key={w.id}>
                <a href="#wanted">{w.title}</a>: {w.filled >= w.needed ? t("needs.wanted.found") : t("needs.wanted.looking")}
              </li>
            ))}
        </ul>
      ) : null}
      {live && !viewer?.isInitiator && project.fundingModel === "ongoing" ? (
        <Link to={`/projects/${project.slug}/monthly`} className="btn-primary w-full">
          {t("recurring.start.cta")}
        </Link>
      ) : live && !viewer?.isInitiator ? (
        <Link to={`/projects/${project.slug}/pledge`} className="btn-primary w-full">
          {standing ? t("projects.page.changePledge", { amount: formatMoney(standing.amountCents, locale) }) : t("projects.page.pledge")}
        </Link>
      ) : null}
    </section>
  );
}

export function ProjectTiers({ project, viewer, standing, live }: { project: Project; viewer: Viewer; standing: Standing; live: boolean }) {
  const t = useT();
  const locale = useLocale();
  if (project.tiers.length === 0) return null;
  return (
    <section aria-labelledby="tiers" className="space-y-3">
      <h2 id="tiers" className="text-xl font-bold">
        {t("projects.page.tiers")}
      </h2>
      <ul className="space-y-3">
        {project.tiers.map((tier) => (
          <li key={tier.id} className="card p-4">
            <p className="text-sm font-semibold text-brand-800">{t("projects.tier.from", { amount: formatMoney(tier.minCents, locale, { compact: true }) })}</p>
            <h3 className="font-semibold">{tier.title}</h3>
            {tier.description ? <p className="mt-1 text-sm text-stone-800">{tier.description}</p> : null}
            {tier.pickupNote ? <p className="mt-1 text-sm text-stone-700">{t("projects.tier.pickup", { note: tier.pickupNote })}</p> : null}
            <p className="mt-2 text-sm">
              {tier.remaining === null ? (
                t("projects.tier.unlimited")
              ) : tier.remaining === 0 ? (
                <strong className="text-red-800">{t("projects.tier.soldOut")}</strong>
              ) : (
                t("projects.tier.remaining", { count: tier.remaining, total: tier.quantity ?? 0 })
              )}
            </p>
            {live && !viewer?.isInitiator && tier.remaining !== 0 && !standing ? (
              <Link to={`/projects/${project.slug}/pledge?tier=${tier.id}`} className="btn-secondary mt-2 px-3 py-1.5">
                {t("projects.tier.choose", { title: tier.title })}
              </Link>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Who backers can talk to (decision 071): the initiator, the co-initiators and the helpers, each linked to their profile. */
export function TeamBox({ team, viewer, slug }: { team: ProjectPage["team"]; viewer: Viewer; slug: string }) {
  const t = useT();
  return (
    <section aria-labelledby="project-team" className="space-y-2">
      <h2 id="project-team" className="text-xl font-bold">
        {t("team.page.title")}
      </h2>
      <p className="text-sm text-stone-700">{t("team.page.intro")}</p>
      <ul className="space-y-1 text-sm">
        {team.map((m) => (
          <li key={m.userId} className="break-words">
            <Link to={`/u/${m.handle}`} className="font-medium">
              {m.displayName}
            </Link>{" "}
            · {t(`team.role.${m.role}`)}
          </li>
        ))}
      </ul>
      {viewer?.team?.status === "active" ? (
        <p className="text-sm">
          {t("team.page.member")} <Link to={`/projects/${slug}/team`}>{t("team.member.text.link")}</Link>
        </p>
      ) : null}
    </section>
  );
}

export function ProjectBackers({ backers }: { backers: ProjectPage["backers"] }) {
  const t = useT();
  return (
    <section aria-labelledby="backers" className="space-y-2">
      <h2 id="backers" className="text-xl font-bold">
        {t("projects.page.backersList")}
      </h2>
      {backers.length === 0 ? <p className="text-sm text-stone-700">{t("projects.page.noBackers")}</p> : null}
      <ul className="space-y-2 text-sm">
        {backers.map((b, i) => (
          <li key={i}>
            <span className="font-medium">{b.name && b.handle ? <Link to={`/u/${b.handle}`}>{b.name}</Link> : t("projects.backers.aNeighbour")}</span>
            {b.message ? <span className="block text-stone-700">“{b.message}”</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function LentItemsBox({
  project,
  viewer,
  lentItems,
  myLendableItems,
  live,
}: {
  project: Project;
  viewer: Viewer;
  lentItems: ProjectPage["lentItems"];
  myLendableItems: ProjectPage["myLendableItems"];
  live: boolean;
}) {
  const t = useT();
  if (lentItems.length === 0 && !live) return null;
  return (
    <div className="space-y-3">
      <LentByNeighbours loans={lentItems} />
      {live && viewer && !viewer.isInitiator ? (
        myLendableItems.length > 0 ? (
          <div className="text-sm">
            <p className="text-stone-800">{t("lending.project.canYouLend")}</p>
            <ul className="mt-1 space-y-1">
              {myLendableItems.map((item) => (
                <li key={item.id}>
                  <Link to={`/items/${item.id}/lend-to-project?${new URLSearchParams({ project: project.slug })}`}>
                    {t("lending.project.lendThis", { title: item.title })}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="text-sm text-stone-700">
            {t("lending.project.canYouLend")} <Link to="/items/new">{t("lending.project.listFirst")}</Link>
          </p>
        )
      ) : null}
    </div>
  );
}

export function LedgerBox({ project, ledger }: { project: Project; ledger: ProjectPage["ledger"] }) {
  const t = useT();
  return (
    <section className="card space-y-2 p-4" aria-labelledby="ledger-box">
      <h2 id="ledger-box" className="font-semibold">
        <Link to={`/projects/${project.slug}/ledger`}>{t("ledger.link")}</Link>
      </h2>
      <p className="text-sm text-stone-700">{t("ledger.linkExplain")}</p>
      {ledger.seq > 0 ? (
        <p className="text-xs text-stone-600">
          {t("ledger.head.title")}:{" "}
          <code className="break-all" data-testid="project-ledger-head">
            {ledger.hash}
          </code>{" "}
          ({t("ledger.head.lines", { count: ledger.seq })})
        </p>
      ) : null}
    </section>
  );
}

export function ShareBox({ project, og }: { project: Project; og: ProjectPage["og"] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card p-4">
      <ShareLinks url={og.url} title={project.title} />
      <p className="mt-3 text-xs text-stone-600">
        {t("projects.page.embed")}{" "}
        <code className="break-all">{`<iframe src="${og.url.replace("/projects/", "/embed/projects/")}?lang=${locale}" width="${EMBED_FRAME.width}" height="${EMBED_FRAME.height}" title="${project.title}"></iframe>`}</code>
      </p>
    </section>
  );
}

/** Time, not money: the project's volunteer shifts still to come, with "Ik help mee" (issue 11). */
export function ShiftsBox({ project, viewer, shifts, now }: { project: Project; viewer: Viewer; shifts: ProjectPage["shifts"]; now: Date }) {
  const t = useT();
  const locale = useLocale();
  const upcoming = shifts.filter((s) => new Date(s.endsAt).getTime() > new Date(now).getTime());
  if (upcoming.length === 0) return null;
  return (
    <section id="shifts" aria-labelledby="shifts-title" className="space-y-3">
      <h2 id="shifts-title" className="text-xl font-bold">
        {t("needs.shifts.title")}
      </h2>
      <p className="text-sm text-stone-700">{t("needs.shifts.intro")}</p>
      <ul className="space-y-3">
        {upcoming.map((s) => {
          const from = shiftTime(new Date(s.startsAt));
          const until = shiftTime(new Date(s.endsAt));
          const full = s.filled >= s.needed;
          return (
            <li key={s.id} className="card space-y-2 p-4">
              <h3 className="font-semibold">{s.title}</h3>
              <p className="text-sm text-stone-800">
                <time dateTime={new Date(s.startsAt).toISOString()}>
                  {formatDate(s.startsAt, locale)}, {from}–{until}
                </time>
                {s.place ? ` · ${s.place}` : ""}
              </p>
              {s.skills ? <p className="text-sm text-stone-700">{t("needs.shift.skills", { skills: s.skills })}</p> : null}
              {s.description ? <p className="text-sm text-stone-700">{s.description}</p> : null}
              <p className="text-sm font-medium">{full ? t("needs.shift.full") : t("needs.shift.places", { filled: s.filled, needed: s.needed })}</p>
              {s.mine === "signed_up" ? (
                <div className="space-y-2">
                  <p className="text-sm font-semibold text-brand-800">✓ {t("needs.signedUp")}</p>
                  {s.open ? (
                    <Form method="post" action={`/projects/${project.slug}/shifts`}>
                      <input type="hidden" name="intent" value="withdraw" />
                      <input type="hidden" name="needId" value={s.id} />
                      <button type="submit" className="btn-secondary px-3 py-1.5">
                        {t("needs.withdraw")}
                        <span className="sr-only"> — {s.title}</span>
                      </button>
                    </Form>
                  ) : (
                    <p className="text-xs text-stone-600">{t("needs.shift.closed")}</p>
                  )}
                </div>
              ) : !s.open ? (
                <p className="text-xs text-stone-600">{t("needs.shift.closed")}</p>
              ) : full ? null : !viewer ? (
                <Link to={`/login?redirectTo=${encodeURIComponent(`/projects/${project.slug}#shifts`)}`}>{t("needs.loginToHelp")}</Link>
              ) : viewer.isInitiator ? null : (
                <Form method="post" action={`/projects/${project.slug}/shifts`} className="space-y-2">
                  <input type="hidden" name="intent" value="sign-up" />
                  <input type="hidden" name="needId" value={s.id} />
                  <label className="block text-sm">
                    <span className="text-stone-800">{t("needs.note")}</span> <span className="text-stone-600">{t("form.optional")}</span>
                    <input name="note" maxLength={300} className="input mt-1" />
                  </label>
                  <button type="submit" className="btn-primary px-3 py-1.5">
                    {t("needs.signUp")}
                    <span className="sr-only"> — {s.title}</span>
                  </button>
                </Form>
              )}
            </li>
          );
        })}
      </ul>
      <p className="text-xs text-stone-600">{t("needs.shift.closed")}</p>
    </section>
  );
}

function shiftTime(instant: Date): string {
  return amsterdamParts(instant).time;
}

/** Skills and things the project asks for: "Ik kan dit" / "Ik heb dit" with a note (issue 11). */
export function WantedBox({
  project,
  viewer,
  wanted,
  myLendableItems,
}: {
  project: Project;
  viewer: Viewer;
  wanted: ProjectPage["wanted"];
  myLendableItems: ProjectPage["myLendableItems"];
}) {
  const t = useT();
  const locale = useLocale();
  if (wanted.length === 0) return null;
  return (
    <section id="wanted" aria-labelledby="wanted-title" className="space-y-3">
      <h2 id="wanted-title" className="text-xl font-bold">
        {t("needs.wanted.title")}
      </h2>
      <ul className="space-y-3">
        {wanted.map((w) => {
          const found = w.filled >= w.needed;
          return (
            <li key={w.id} className="card space-y-2 p-4">
              <p className="text-xs font-semibold uppercase text-brand-800">{t(w.kind === "skill" ? "needs.wanted.skill" : "needs.wanted.item")}</p>
              <h3 className="font-semibold">{w.title}</h3>
              {w.effort ? <p className="text-sm text-stone-700">{t("needs.wanted.effort", { effort: w.effort })}</p> : null}
              {w.neededOn ? <p className="text-sm text-stone-700">{t("needs.wanted.neededOn", { date: formatDate(w.neededOn, locale) })}</p> : null}
              {w.description ? <p className="text-sm text-stone-700">{w.description}</p> : null}
              <p className="text-sm font-medium">{found ? `✓ ${t("needs.wanted.found")}` : t("needs.wanted.count", { filled: w.filled, needed: w.needed })}</p>
              {w.myLoanId ? (
                <p className="text-sm text-brand-800">
                  {t(w.mine === "accepted" ? "needs.offer.mine.accepted" : "needs.offer.mine.offered")}{" "}
                  <Link to={`/loans/${w.myLoanId}`}>{t("needs.offer.viaLoan")}</Link>
                </p>
              ) : w.mine === "offered" || w.mine === "accepted" ? (
                <div className="space-y-2">
                  <p className="text-sm text-brand-800">{t(w.mine === "accepted" ? "needs.offer.mine.accepted" : "needs.offer.mine.offered")}</p>
                  <Form method="post" action={`/projects/${project.slug}/shifts`}>
                    <input type="hidden" name="intent" value="withdraw-offer" />
                    <input type="hidden" name="needId" value={w.id} />
                    <button type="submit" className="btn-secondary px-3 py-1.5">
                      {t("needs.offer.withdraw")}
                      <span className="sr-only"> — {w.title}</span>
                    </button>
                  </Form>
                </div>
              ) : found ? null : !viewer ? (
                <Link to={`/login?redirectTo=${encodeURIComponent(`/projects/${project.slug}#wanted`)}`}>{t("needs.loginToHelp")}</Link>
              ) : viewer.isInitiator ? null : (
                <Form method="post" action={`/projects/${project.slug}/shifts`} className="space-y-2">
                  <input type="hidden" name="intent" value="offer" />
                  <input type="hidden" name="needId" value={w.id} />
                  <label className="block text-sm">
                    <span className="text-stone-800">{t("needs.offer.note")}</span>
                    <input name="note" maxLength={300} className="input mt-1" />
                  </label>
                  <button type="submit" className="btn-primary px-3 py-1.5">
                    {t(w.kind === "skill" ? "needs.offer.skill" : "needs.offer.item")}
                    <span className="sr-only"> — {w.title}</span>
                  </button>
                  {w.kind === "item" && myLendableItems.length > 0 ? (
                    <div className="text-sm">
                      <p className="text-stone-800">{t("needs.lend.fromLibrary")}:</p>
                      <ul className="mt-1 space-y-1">
                        {myLendableItems.map((item) => (
                          <li key={item.id}>
                            <Link to={`/items/${item.id}/lend-to-project?${new URLSearchParams({ project: project.slug, need: w.id })}`}>
                              {t("lending.project.lendThis", { title: item.title })}
                              <span className="sr-only"> — {w.title}</span>
                            </Link>
                          </li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                </Form>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** "€ X van € Y per maand" for an ongoing project: what its monthly givers give, against its monthly target. */
function MonthlyProgress({ monthlyCents, targetCents, givers }: { monthlyCents: number; targetCents: number; givers: number }) {
  const t = useT();
  const locale = useLocale();
  const percent = targetCents > 0 ? Math.min(100, Math.round((monthlyCents / targetCents) * 100)) : 0;
  return (
    <div className="space-y-2">
      <p className="text-lg font-semibold">
        {t("projects.page.monthlyProgress", { raised: formatMoney(monthlyCents, locale), target: formatMoney(targetCents, locale) })}
      </p>
      {/* An SVG bar like FundingProgress's: its width is an attribute (the CSP allows no inline styles). */}
      <svg
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-label={t("projects.page.monthlyProgress", { raised: formatMoney(monthlyCents, locale), target: formatMoney(targetCents, locale) })}
        className="block h-3 w-full overflow-hidden rounded-full bg-stone-200"
        preserveAspectRatio="none"
        focusable="false"
      >
        <rect x="0" y="0" height="100%" width={`${percent}%`} rx="6" className={percent >= 100 ? "fill-brand-700" : "fill-brand-500"} />
      </svg>
      <p className="sr-only">
        {t("projects.page.monthlyGivers")}: {givers}
      </p>
    </div>
  );
}
