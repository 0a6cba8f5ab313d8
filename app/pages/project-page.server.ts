import type { SessionUser } from "../auth/user";
import { publicStatuses } from "../projects/project";
import { commentableStatuses } from "../projects/updates.server";
import { chainHead } from "../ledger/chain.server";
import { listOwnerItems } from "../lending/items.server";
import { listProjectItemLoans } from "../lending/pages.server";
import { listProjectMatches } from "../matching/pools.server";
import { droppedPledges, getStandingPledge, isBacker, listPublicBackers } from "../pledges/pledges.server";
import { canView, type ProjectDetail } from "../projects/projects.server";
import { listComments, listUpdates } from "../projects/updates.server";
import { getViewerMembership, listProjectTeam } from "../projects/team.server";
import type { Db } from "../utils/db.server";
import { listOfferNeeds, listProjectShifts } from "../needs/reads.server";
import { summarizeShifts } from "../needs/shift";
import { getQuestionsSection } from "../questions/reads.server";
import type { ProjectPage } from "./project-page";

export type { ProjectPage } from "./project-page";
import { markdownToText, renderMarkdown } from "../utils/markdown.server";

/**
 * The project page (/projects/<slug>), assembled from the features it shows: the project with its
 * story, updates and comments (projects), backers and the viewer's own pledge (pledges), and what
 * neighbours lent it (lending), the volunteer shifts it asks for (needs), the questions to its team
 * (questions). Page assemblers read;
 * they change nothing.
 */
export async function getProjectPage(db: Db, input: { project: ProjectDetail; viewer: SessionUser | null; now: Date; appUrl: string }): Promise<ProjectPage> {
  const { project, viewer, now } = input;
  const isInitiator = viewer?.id === project.initiator.id;
  const isModerator = viewer?.role === "moderator" || viewer?.role === "admin";
  const settled = project.status === "succeeded" || project.status === "paid_out";
  const [updates, comments, backers, standing, viewerIsBacker, lentItems, myItems, head, shifts, wanted, matches, dropped, team, membership, questions] =
    await Promise.all([
      listUpdates(db, project.id),
      listComments(db, project.id, { includeHidden: isInitiator || isModerator, viewerId: viewer?.id ?? null }),
      listPublicBackers(db, project.id),
      viewer ? getStandingPledge(db, project.id, viewer.id, now) : null,
      viewer ? isBacker(db, project.id, viewer.id) : false,
      listProjectItemLoans(db, project.id),
      // Items for projects: a neighbour's own listed items, to offer to this live project.
      viewer && !isInitiator && project.status === "live" ? listOwnerItems(db, viewer.id) : [],
      chainHead(db, `project:${project.id}`),
      listProjectShifts(db, { projectId: project.id, viewerId: viewer?.id ?? null, now }),
      listOfferNeeds(db, { projectId: project.id, viewerId: viewer?.id ?? null }),
      listProjectMatches(db, project.id),
      settled ? droppedPledges(db, project.id) : null,
      listProjectTeam(db, project.id),
      viewer && !isInitiator ? getViewerMembership(db, project.id, viewer.id) : null,
      getQuestionsSection(db, { project: { id: project.id, initiatorId: project.initiator.id, status: project.status }, viewerId: viewer?.id ?? null }),
    ]);
  const url = `${input.appUrl}/projects/${project.slug}`;
  return {
    project: { ...project, storyHtml: renderMarkdown(project.story) },
    updates: updates.map((u) => ({ ...u, html: renderMarkdown(u.body) })),
    comments,
    backers,
    lentItems,
    matches,
    // A succeeded project below its goal afterwards: what was never paid, so the page can explain.
    dropped: dropped && dropped.count > 0 ? dropped : null,
    myLendableItems: myItems
      .filter((i) => i.status === "listed")
      .slice(0, 8)
      .map((i) => ({ id: i.id, title: i.title })),
    standing: standing ? { id: standing.id, amountCents: standing.amountCents, status: standing.status, changeable: standing.changeable } : null,
    viewer: viewer
      ? {
          id: viewer.id,
          isInitiator,
          isModerator,
          canComment: (isInitiator || viewerIsBacker) && commentableStatuses.includes(project.status),
          team: membership,
        }
      : null,
    team,
    // Share buttons and the embed only for a page others can open (issue 13 §15): not in review.
    shareable: publicStatuses.includes(project.status),
    now,
    ledger: { seq: head.seq, hash: head.hash },
    shifts,
    wanted,
    needs: summarizeShifts(shifts),
    questions,
    // Whoever may open the page without an account may follow its updates (docs/decisions/065).
    feedUrl: canView(project, null) ? `${url}/updates.atom` : null,
    og: {
      title: `${project.title} · Buurtkracht`,
      description: project.summary || markdownToText(project.story, 200),
      url,
      image: project.cover ? `${input.appUrl}${project.cover.largeUrl}` : null,
    },
  };
}
