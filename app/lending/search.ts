/**
 * What a search query becomes before it reaches Postgres (docs/decisions/042-item-search.md).
 * Full-text search (Dutch stemming) finds "boren" for "boor"; trigram similarity finds
 * "boormachine" for the typo "boremachine"; comparing the query with its spaces removed finds it
 * for "boor machine". Filler words ("Wie heeft er een ladder?") are dropped so a wanted post's
 * title can be used as a query as well.
 */
const STOPWORDS = new Set(
  (
    "wie wat waar heeft hebben heb er een de het ik je jij u mag mogen mijn lenen leen uitlenen iemand voor van met en of om te " +
    "zoek zoekt zoeken gezocht nodig kan kun kunnen wil wilt graag die dat deze dit op in aan bij is zijn paar dagen even " +
    "who what has have a an the can could i me my borrow lend need needs looking for anyone someone with and or to of please is"
  ).split(" "),
);

export interface NormalizedQuery {
  /** Lower-case, accents removed, punctuation as spaces, filler words dropped. */
  text: string;
  /** Words of at least three letters, each compared with the title's words. */
  words: string[];
  /** The words run together: "boor machine" → "boormachine". */
  compact: string;
}

/** Same folding as the database's lending_norm(): lower-case, no accents, non-alphanumerics → space. */
export function normalizeText(input: string): string {
  return input
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

export function normalizeQuery(input: string): NormalizedQuery {
  const all = normalizeText(input.slice(0, 200)).split(" ").filter(Boolean);
  const kept = all.filter((w) => !STOPWORDS.has(w));
  // A query of only filler words ("wie heeft er een") still searches for something.
  const words = (kept.length ? kept : all).slice(0, 8);
  return {
    text: words.join(" "),
    words: words.filter((w) => w.length >= 3),
    compact: words.join(""),
  };
}

export const isEmptyQuery = (q: NormalizedQuery) => q.compact.length === 0;

/**
 * Minimum scores for a trigram-only match (no full-text hit). Tuned on the demo catalogue: the
 * typo "boremachine" scores 0.5 against "boormachine" but 0.33 against "naaimachine".
 */
export const TRIGRAM_MATCH = 0.45;
export const WORD_SIMILARITY_MATCH = 0.6;
