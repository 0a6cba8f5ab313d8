import type { StoredImage } from "../storage/images";
import type { FundingModel, ProjectCategory, ProjectStatus } from "./project";

/** What pages and components show of projects (built in projects.server.ts; safe for the browser bundle). */
export interface ProjectPerson {
  id: string;
  handle: string;
  displayName: string;
}

export interface ProjectSummary {
  id: string;
  slug: string;
  title: string;
  summary: string;
  category: ProjectCategory;
  status: ProjectStatus;
  fundingModel: FundingModel;
  goalCents: number;
  pledgedCents: number;
  collectedCents: number;
  backerCount: number;
  durationDays: number;
  launchedAt: Date | null;
  endsAt: Date | null;
  neighbourhood: { id: string; name: string; city: string };
  initiator: ProjectPerson;
  cover: StoredImage | null;
  createdAt: Date;
}
