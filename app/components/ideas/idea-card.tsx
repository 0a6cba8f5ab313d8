import { Link } from "@remix-run/react";
import type { IdeaStatus } from "../../ideas/idea";
import type { IdeaCard } from "../../ideas/views";
import { formatDate } from "../../i18n/format";
import { useLocale, useT } from "../../i18n/use-t";
import { ResponsiveImage } from "../ui/responsive-image";

const statusStyle: Record<IdeaStatus, string> = {
  received: "bg-stone-100 text-stone-800",
  looking: "bg-amber-100 text-amber-900",
  planned: "bg-sky-100 text-sky-900",
  done: "bg-emerald-100 text-emerald-900",
  not_possible: "bg-rose-100 text-rose-900",
};

/** A post's public status as a badge (its words, never only its colour). */
export function IdeaStatusBadge({ status }: { status: IdeaStatus }) {
  const t = useT();
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-semibold ${statusStyle[status]}`}>{t(`ideas.status.${status}`)}</span>;
}

export function IdeaCardView({ idea }: { idea: IdeaCard }) {
  const t = useT();
  const locale = useLocale();
  return (
    <article className="card flex h-full gap-4 p-4" aria-labelledby={`idea-${idea.id}`}>
      {idea.photo ? (
        <ResponsiveImage image={idea.photo} alt="" sizes="96px" width={96} height={72} className="h-18 w-24 shrink-0 rounded object-cover" />
      ) : null}
      <div className="min-w-0 flex-1 space-y-1">
        <p className="flex flex-wrap items-center gap-2 text-xs text-stone-600">
          <span className="font-semibold uppercase tracking-wide">{t(`ideas.kind.${idea.kind}`)}</span>
          <IdeaStatusBadge status={idea.status} />
          {idea.hidden ? <span className="font-semibold text-rose-800">{t("ideas.card.hidden")}</span> : null}
          {idea.projectSlug ? <span className="font-semibold text-emerald-800">{t("ideas.card.project")}</span> : null}
        </p>
        <h3 id={`idea-${idea.id}`} className="text-lg font-semibold">
          <Link to={`/ideas/${idea.id}`}>{idea.title}</Link>
        </h3>
        <p className="text-sm text-stone-700">{idea.excerpt}</p>
        <p className="text-xs text-stone-600">
          {[
            t("ideas.card.supports", { count: idea.supportCount }),
            t("ideas.card.helpers", { count: idea.helperCount }),
            idea.street || idea.neighbourhoodName,
            idea.distanceKm !== null ? t("ideas.card.distance", { km: idea.distanceKm.toLocaleString(locale) }) : null,
            formatDate(idea.createdAt, locale),
          ]
            .filter(Boolean)
            .join(" · ")}
        </p>
      </div>
    </article>
  );
}
