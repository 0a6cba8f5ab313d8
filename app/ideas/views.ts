import type { ImageSet } from "../storage/images";
import type { IdeaKind, IdeaStatus } from "./idea";

/** What the board's pages render (dates as ISO strings: they cross the wire). */
export interface IdeaCard {
  id: string;
  kind: IdeaKind;
  title: string;
  excerpt: string;
  category: string;
  status: IdeaStatus;
  street: string;
  postcode4: string | null;
  neighbourhoodName: string;
  supportCount: number;
  helperCount: number;
  author: { displayName: string; handle: string };
  photo: ImageSet | null;
  /** Only the poster sees a hidden post (with the moderator's reason on its page). */
  hidden: boolean;
  createdAt: string;
  statusChangedAt: string;
  projectSlug: string | null;
  /** From the postcode area asked for, between area centroids. */
  distanceKm: number | null;
  /** The post's area centroid (the map). */
  point: { lat: number; lng: number } | null;
}

export interface IdeaTimelineEntry {
  id: number;
  event: "posted" | "status_changed" | "responded" | "became_project";
  status: IdeaStatus;
  changed: boolean;
  response: string;
  organisation: { name: string; slug: string } | null;
  at: string;
}

export interface IdeaPage {
  idea: {
    id: string;
    kind: IdeaKind;
    title: string;
    body: string;
    bodyHtml: string;
    category: string;
    status: IdeaStatus;
    street: string;
    postcode4: string | null;
    place: string | null;
    neighbourhood: { id: string; name: string; city: string };
    supportCount: number;
    helperCount: number;
    author: { displayName: string; handle: string };
    photo: { large: ImageSet; alt: string } | null;
    hidden: { reason: string | null } | null;
    createdAt: string;
    project: { slug: string; title: string; status: string } | null;
  };
  timeline: IdeaTimelineEntry[];
  helpers: { id: string; displayName: string; handle: string; note: string; isMaker: boolean }[];
  comments: {
    id: string;
    body: string;
    hidden: boolean;
    hiddenReason: string | null;
    author: { displayName: string; handle: string; isPoster: boolean };
    createdAt: string;
  }[];
  responders: { name: string; slug: string }[];
  viewer: {
    isPoster: boolean;
    supports: boolean;
    helpNote: string | null;
    /** The organisations the viewer answers this post for. */
    respondsFor: { id: string; name: string }[];
    mayMakeProject: boolean;
    isMaker: boolean;
  } | null;
}

export interface AnswerStats {
  posts: number;
  answered: number;
  waiting: number;
  medianHours: number | null;
}
