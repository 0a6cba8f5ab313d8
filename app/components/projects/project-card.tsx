import { Link } from "@remix-run/react";
import type { ImageSet } from "../../storage/images";
import { ResponsiveImage } from "../ui/responsive-image";
import { useLocale, useT } from "../../i18n/use-t";
import type { ProjectSummary } from "../../projects/views";
import { FundingProgress } from "./progress";
import { ProjectStatusBadge } from "./status";
import { TimeLeft } from "./time-left";

type CardProject = Pick<
  ProjectSummary,
  "slug" | "title" | "summary" | "status" | "goalCents" | "pledgedCents" | "backerCount" | "endsAt" | "category" | "neighbourhood"
> &
  Partial<Pick<ProjectSummary, "matchedCents" | "organisation">> & {
    cover: { card: ImageSet } | null;
    volunteers?: { volunteersNeeded: number; volunteersSignedUp: number } | null;
    /** From the list's "near" postcode, between area centroids (decision 068). */
    distanceKm?: number | null;
  };

/** How wide a card is in the projects grid (app/routes/projects._index.tsx: 1, 2, then 3 columns in 72rem). */
export const PROJECT_CARD_SIZES = "(min-width: 1024px) 22rem, (min-width: 640px) 50vw, 100vw";

export function ProjectCard({
  project,
  now,
  headingLevel = 2,
  sizes = PROJECT_CARD_SIZES,
}: {
  project: CardProject;
  now: Date | string;
  headingLevel?: 2 | 3;
  /** Where the grid is another than the projects page's (`sizes` of its cover). */
  sizes?: string;
}) {
  const t = useT();
  const locale = useLocale();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <article className="card flex flex-col overflow-hidden">
      {project.cover ? (
        <ResponsiveImage image={project.cover.card} alt="" sizes={sizes} className="aspect-[4/3] w-full object-cover" />
      ) : (
        <div aria-hidden="true" className="flex aspect-[4/3] w-full items-center justify-center bg-brand-50 text-4xl text-brand-700">
          ⌂
        </div>
      )}
      <div className="flex flex-1 flex-col gap-2 p-4">
        <div className="flex flex-wrap items-center gap-2 text-xs text-stone-700">
          <ProjectStatusBadge status={project.status} />
          <span>{t(`projects.category.${project.category}`)}</span>
          <span>· {project.neighbourhood.name}</span>
          {project.distanceKm !== undefined && project.distanceKm !== null ? (
            <span>· {t("projects.card.distance", { km: project.distanceKm.toLocaleString(locale === "nl" ? "nl-NL" : "en-GB") })}</span>
          ) : null}
        </div>
        <Heading className="text-lg font-semibold leading-snug">
          <Link to={`/projects/${project.slug}`} className="text-stone-950 no-underline hover:underline">
            {project.title}
          </Link>
        </Heading>
        {project.organisation ? (
          <p className="text-xs font-semibold text-brand-800">{t("projects.card.byOrganisation", { organisation: project.organisation.name })}</p>
        ) : null}
        <p className="text-sm text-stone-700">{project.summary}</p>
        <div className="mt-auto pt-2">
          <FundingProgress pledgedCents={project.pledgedCents} matchedCents={project.matchedCents ?? 0} goalCents={project.goalCents} size="sm" />
          <p className="mt-1 flex justify-between text-sm text-stone-700">
            <span>{t("projects.backers.count", { count: project.backerCount })}</span>
            {project.status === "live" ? <TimeLeft endsAt={project.endsAt} now={now} /> : null}
          </p>
          {project.volunteers && project.volunteers.volunteersNeeded > 0 ? (
            <p className="text-sm text-stone-700">
              {t("needs.summary", { filled: project.volunteers.volunteersSignedUp, count: project.volunteers.volunteersNeeded })}
            </p>
          ) : null}
        </div>
      </div>
    </article>
  );
}
