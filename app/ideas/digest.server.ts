import { translate } from "../i18n/i18n";
import type { DigestSection } from "../notifications/digest.server";
import type { IdeaStatus } from "./idea";
import { listIdeas } from "./reads.server";

const WEEK = 7 * 86_400_000;

/**
 * The weekly digest's board section (issue 14): posts of the past week in the member's
 * neighbourhood, and posts the organisation answered this week — what the board lists for them
 * (never their own, a hidden post, a suspended poster's or a blocked neighbour's).
 */
export const boardDigestSection: DigestSection = {
  key: "ideas.board",
  titleKey: "ideas.digest.title",
  async collect(db, { userId, neighbourhoodId, now, locale }) {
    const listed = await listIdeas(db, { sort: "new", neighbourhood: neighbourhoodId, viewerId: userId, exceptAuthorId: userId, limit: 60 });
    if (!listed.ok) return [];
    const since = now.getTime() - WEEK;
    return listed.ideas
      .filter((i) => !i.hidden)
      .filter((i) => new Date(i.createdAt).getTime() >= since || (i.status !== "received" && new Date(i.statusChangedAt).getTime() >= since))
      .filter((i) => new Date(i.createdAt).getTime() <= now.getTime())
      .slice(0, 5)
      .map((i) => ({
        title: i.title,
        path: `/ideas/${i.id}`,
        detail: `${translate(locale, `ideas.kind.${i.kind}`)} · ${translate(locale, `ideas.status.${i.status as IdeaStatus}`)}`,
      }));
  },
};
