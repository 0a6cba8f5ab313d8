import QRCode from "qrcode";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { COUNTING_STATUSES, ensureShareCode, getShareCode, setShowPublicly } from "./ambassadors.server";
import { ambassadorTotals } from "./attribution";

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The share kit's data (issue 16, decision 076): anyone signed in may share a live project — a
 * backer, the team, or a neighbour who has not backed it (yet) — so the code is made on the first
 * visit to the kit while the project is live and not hidden. Other projects keep the code they had
 * (none is made) and the page says sharing is closed.
 */
export interface ShareKit {
  code: string | null;
  showPublicly: boolean;
  brought: { backers: number; amountCents: number };
}

export function mayShare(project: { status: string; hiddenReason: string | null; initiatorSuspended: boolean }): boolean {
  return project.status === "live" && !project.hiddenReason && !project.initiatorSuspended;
}

export async function getShareKit(
  db: Db,
  input: { userId: string; project: { id: string; status: string; hiddenReason: string | null; initiatorSuspended: boolean }; now: Date },
): Promise<ShareKit> {
  const { userId, project } = input;
  const existing = await getShareCode(db, { userId, projectId: project.id });
  const code = mayShare(project) ? await ensureShareCode(db, { userId, projectId: project.id, now: input.now }) : null;
  const rows = await db
    .selectFrom("pledge_ambassadors as a")
    .innerJoin("pledges as p", "p.id", "a.pledge_id")
    .select(["a.ambassador_user_id as ambassadorId", "p.backer_id as backerId", "p.amount_cents as amountCents", "p.status"])
    .where("p.project_id", "=", project.id)
    .where("a.ambassador_user_id", "=", userId)
    .execute();
  const [mine] = ambassadorTotals(rows.map((r) => ({ ...r, counts: COUNTING_STATUSES.includes(r.status) })));
  return { code, showPublicly: existing?.showPublicly ?? false, brought: { backers: mine?.backers ?? 0, amountCents: mine?.amountCents ?? 0 } };
}

/** The opt-in to be thanked on the project page; only while one may share the project. */
export async function chooseShowPublicly(
  db: Db,
  input: { userId: string; project: { id: string; status: string; hiddenReason: string | null; initiatorSuspended: boolean }; show: boolean; now: Date },
): Promise<{ ok: true } | { ok: false; error: "ambassadors.share.notLive" }> {
  if (!mayShare(input.project)) return { ok: false, error: "ambassadors.share.notLive" };
  await setShowPublicly(db, { userId: input.userId, projectId: input.project.id, show: input.show, now: input.now });
  return { ok: true };
}

/** The poster's link: the member's own while they may share, else the plain project link (made by the caller). */
export async function posterCode(
  db: Db,
  input: { userId: string | null; project: Parameters<typeof mayShare>[0] & { id: string }; now: Date },
): Promise<string | null> {
  if (!input.userId || !mayShare(input.project)) return null;
  return ensureShareCode(db, { userId: input.userId, projectId: input.project.id, now: input.now });
}

/** The QR code as an inline SVG (no script, no external reference): dark modules on white. */
export async function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2, color: { dark: "#000000", light: "#ffffff" } });
}
