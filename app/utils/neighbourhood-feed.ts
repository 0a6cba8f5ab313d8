import type { MessageKey } from "../i18n/i18n";

/** The neighbourhood page's shared shapes: what features contribute and components render (docs/decisions/073-neighbourhood-pages.md). */

/** What a neighbourhood's feed groups by (docs/decisions/073-neighbourhood-pages.md). */
export type NeighbourhoodFeedKind = "do" | "get" | "see";

/** One entry of a neighbourhood's feed: something to do, to get or to see there. */
export interface NeighbourhoodFeedEntry {
  kind: NeighbourhoodFeedKind;
  /** Unique and stable across the feed ("shift:<id>"): the Atom entry's id and the tie-break. */
  id: string;
  /** What it is ("Vrijwilligersdienst", "Gezocht"), as a message key. */
  labelKey: MessageKey;
  /** When it appeared: the feed is newest first by this. */
  at: Date;
  /** When it happens, for what has a date (a shift's start, a project's deadline). */
  happensAt: Date | null;
  /** The neighbour's own words: a title and a short plain-text summary (no markup). */
  title: string;
  summary: string;
  /** The page it is about, relative ("/projects/<slug>"). */
  href: string;
}

/** One figure of "what we did together": a value per month of the query (0 where nothing happened). */
export interface ImpactFigure {
  key: string;
  titleKey: MessageKey;
  /** How it is computed, in words (shown under the chart; required for an estimate). */
  noteKey?: MessageKey;
  unit: "cents" | "count" | "hours";
  estimate?: boolean;
  byMonth: readonly { month: string; value: number }[];
}
