/**
 * Every abuse limit, in one place (docs/decisions/015-abuse-limits.md). Counters live in Postgres
 * (`rate_limits`), so all app instances share them. A limit is `points` per `seconds`; when it is
 * used up, the answer is 429 with Retry-After and a message in the visitor's language.
 *
 * Logging in is keyed so that an attacker cannot lock the owner out:
 * - `login.pair` (account + client): the fast limit for guessing from one place;
 * - `login.client`: one client guessing across many accounts (households share an address: looser);
 * - `login.account`: a slow limit across all clients — once used up, only a device this account
 *   logged in from before (the known-device cookie) may still log in with the right password.
 */
export const limitPolicies = {
  "login.pair": { points: 5, seconds: 15 * 60 },
  "login.client": { points: 30, seconds: 15 * 60 },
  "login.account": { points: 50, seconds: 24 * 60 * 60 },
  "signup.client": { points: 10, seconds: 60 * 60 },
  "signup.address": { points: 3, seconds: 60 * 60 },
  "reset.client": { points: 10, seconds: 60 * 60 },
  "reset.address": { points: 5, seconds: 60 * 60 },
  "comment.user": { points: 20, seconds: 10 * 60 },
  "message.user": { points: 60, seconds: 60 * 60 },
  "wanted.user": { points: 10, seconds: 24 * 60 * 60 },
  // The neighbourhood board (issue 14): a busy neighbour posts a few a day, not a flood.
  "idea.user": { points: 10, seconds: 24 * 60 * 60 },
  // Questions to a project's team (issue 15): a few a day from one person, not a flood.
  "question.user": { points: 10, seconds: 24 * 60 * 60 },
  "upload.user": { points: 40, seconds: 60 * 60 },
  // Reports (docs/decisions/060): enough for a neighbour who sees a wave of spam, not for flooding the queue.
  "report.user": { points: 10, seconds: 24 * 60 * 60 },
} as const satisfies Record<string, { points: number; seconds: number }>;

export type LimitPolicy = keyof typeof limitPolicies;

export type LimitCheck = { ok: true } | { ok: false; retryAfterSeconds: number };
