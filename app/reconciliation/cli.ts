import { DEFAULT_GRACE_MS, DEFAULT_WINDOW_MS } from "./reconciliation";

/**
 * The arguments of `npm run ledger:verify` (docs/decisions/027). Pure.
 *
 *   npm run ledger:verify                          the ledger on its own (decision 021)
 *   npm run ledger:verify -- --gateway             … and reconciled with the gateway's own record
 *        [--since 14d | 48h | 2026-12-01T00:00Z]    window start: an age or an ISO time (default 14d)
 *        [--until 2026-12-15T00:00Z]               window end (default: now)
 *        [--grace 5m]                              younger differences are pending (default 5m)
 */
export interface VerifyArgs {
  gateway: boolean;
  since: Date;
  until: Date;
  graceMs: number;
}

export const VERIFY_USAGE =
  "Usage: npm run ledger:verify [-- --gateway [--since 14d|48h|<ISO time>] [--until <ISO time>] [--grace 5m]]\n" +
  "  --gateway  also compare the gateway's own record of payments, holds and refunds with the ledger";

/** "90s", "5m", "48h", "14d" → ms; null when it is not one. */
export function parseDuration(value: string): number | null {
  const m = /^(\d+)(s|m|h|d)$/.exec(value.trim());
  if (!m) return null;
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "s" | "m" | "h" | "d"];
  return Number(m[1]) * unit;
}

function parseTime(value: string, now: Date): Date | null {
  const age = parseDuration(value);
  if (age !== null) return new Date(now.getTime() - age);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

export function parseVerifyArgs(argv: readonly string[], now: Date): { ok: true; args: VerifyArgs } | { ok: false; error: string } {
  // Up to now, inclusive (until is exclusive).
  const args: VerifyArgs = {
    gateway: false,
    since: new Date(now.getTime() - DEFAULT_WINDOW_MS),
    until: new Date(now.getTime() + 1),
    graceMs: DEFAULT_GRACE_MS,
  };
  const windowFlags: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const [name, inline] = flag.includes("=") ? [flag.slice(0, flag.indexOf("=")), flag.slice(flag.indexOf("=") + 1)] : [flag, undefined];
    const value = () => inline ?? argv[++i];
    switch (name) {
      case "--gateway":
        if (inline !== undefined) return { ok: false, error: "--gateway takes no value" };
        args.gateway = true;
        break;
      case "--since":
      case "--until": {
        const raw = value();
        const at = raw === undefined ? null : parseTime(raw, now);
        if (!at) return { ok: false, error: `${name} needs an age (14d, 48h, 30m) or an ISO time, not ${raw ?? "nothing"}` };
        if (name === "--since") args.since = at;
        else args.until = at;
        windowFlags.push(name);
        break;
      }
      case "--grace": {
        const raw = value();
        const ms = raw === undefined ? null : parseDuration(raw);
        if (ms === null) return { ok: false, error: `--grace needs a duration (5m, 90s), not ${raw ?? "nothing"}` };
        args.graceMs = ms;
        windowFlags.push(name);
        break;
      }
      default:
        return { ok: false, error: `unknown argument ${flag}` };
    }
  }
  if (windowFlags.length && !args.gateway)
    return { ok: false, error: `${windowFlags.join(", ")} only ${windowFlags.length === 1 ? "applies" : "apply"} with --gateway` };
  if (args.until.getTime() <= args.since.getTime()) return { ok: false, error: "--until must be after --since" };
  return { ok: true, args };
}
