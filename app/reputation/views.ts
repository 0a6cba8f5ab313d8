import type { TrustLevel } from "./levels";
import type { TrackRecordFigures } from "./record";

/** What the badge and the record components render (no ids of other people, no amounts, no addresses). */
export interface ReputationView {
  figures: TrackRecordFigures;
  trustLevel: TrustLevel;
  /** What the next level still needs; null at the top. */
  next: { level: 1 | 2 | 3; requirements: { key: string; met: boolean; params?: Record<string, number> }[] } | null;
}
