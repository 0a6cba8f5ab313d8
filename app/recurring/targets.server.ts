/**
 * What a monthly gift is given to (decision 077; the neighbourhood fund is decision 080): a live
 * ongoing project, or the neighbourhood fund of a verified organisation. Everything else in the
 * gifts' writer is the same for both — the lifecycle, the gateway flow, the fix flow, the events and
 * the notices; only the ledger account the paid months land in, the names and the links differ,
 * and they are decided here. Recurring reads the projects' and organisations' tables, never their code.
 */
import type { RecurringGiftRow } from "../../db/schema";
import { accounts } from "../ledger/ledger";
import type { Db, Trx } from "../utils/db.server";

export type GiftTarget = { kind: "project"; projectId: string } | { kind: "fund"; organisationId: string };

/** The target of a new gift, as its starter names it. */
export type GiftTargetInput = { projectId: string } | { organisationId: string };

export function targetOfInput(input: GiftTargetInput): GiftTarget {
  return "projectId" in input ? { kind: "project", projectId: input.projectId } : { kind: "fund", organisationId: input.organisationId };
}

export function targetOf(gift: Pick<RecurringGiftRow, "project_id" | "organisation_id">): GiftTarget {
  if (gift.project_id) return { kind: "project", projectId: gift.project_id };
  if (gift.organisation_id) return { kind: "fund", organisationId: gift.organisation_id };
  throw new Error("a monthly gift without a target (CHECK recurring_gifts_one_target)");
}

/** The columns a gift row stores for its target. */
export function targetColumns(target: GiftTarget): { project_id: string | null; organisation_id: string | null } {
  return target.kind === "project" ? { project_id: target.projectId, organisation_id: null } : { project_id: null, organisation_id: target.organisationId };
}

/** The account every paid month lands in: the project's cash, or the fund's (`organisation_fund:<id>`). */
export function targetAccount(target: GiftTarget): string {
  return target.kind === "project" ? accounts.project(target.projectId) : accounts.organisationFund(target.organisationId);
}

/** The journal's refs naming the target (a project's journals chain on the project; a fund's on the platform). */
export function targetRefs(target: GiftTarget): { projectId: string } | { organisationId: string } {
  return target.kind === "project" ? { projectId: target.projectId } : { organisationId: target.organisationId };
}

export interface TargetInfo {
  /** For the notices' data (their schema names it project): the project's or the organisation's slug and title. */
  slug: string;
  title: string;
  /** Its public page, and where the gateway's hosted page returns to when left. */
  path: string;
}

export type TargetRefusal = "recurring.error.notOngoing" | "recurring.error.ownProject" | "recurring.error.noFund";

/** May this giver start a gift to the target now? A live ongoing project not their own, or an open fund of a verified organisation. */
export async function checkTargetOpen(
  db: Db,
  target: GiftTarget,
  giverId: string,
): Promise<{ ok: true; info: TargetInfo } | { ok: false; error: TargetRefusal }> {
  if (target.kind === "project") {
    const project = await db
      .selectFrom("projects")
      .select(["id", "slug", "title", "status", "funding_model", "initiator_id"])
      .where("id", "=", target.projectId)
      .executeTakeFirst();
    if (!project || project.status !== "live" || project.funding_model !== "ongoing") return { ok: false, error: "recurring.error.notOngoing" };
    if (project.initiator_id === giverId) return { ok: false, error: "recurring.error.ownProject" };
    return { ok: true, info: { slug: project.slug, title: project.title, path: `/projects/${project.slug}` } };
  }
  const fund = await db
    .selectFrom("organisation_funds as f")
    .innerJoin("organisations as o", "o.id", "f.organisation_id")
    .select(["o.slug", "o.name", "o.status"])
    .where("f.organisation_id", "=", target.organisationId)
    .executeTakeFirst();
  if (!fund || fund.status !== "verified") return { ok: false, error: "recurring.error.noFund" };
  return { ok: true, info: fundInfo(fund) };
}

function fundInfo(row: { slug: string; name: string }): TargetInfo {
  return { slug: row.slug, title: row.name, path: `/organisations/${row.slug}/fund` };
}

/** The target's names and link, for notices and the charge's description. */
export async function targetInfo(trx: Db | Trx, target: GiftTarget): Promise<TargetInfo> {
  if (target.kind === "project") {
    const p = await trx.selectFrom("projects").select(["slug", "title"]).where("id", "=", target.projectId).executeTakeFirstOrThrow();
    return { slug: p.slug, title: p.title, path: `/projects/${p.slug}` };
  }
  const o = await trx.selectFrom("organisations").select(["slug", "name"]).where("id", "=", target.organisationId).executeTakeFirstOrThrow();
  return fundInfo(o);
}
