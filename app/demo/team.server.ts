import { markAllRead } from "../notifications/notifications.server";
import { changeTeam } from "../projects/team.server";
import type { SeedContext } from "./context.server";

const HOUR = 60 * 60 * 1000;

/**
 * Shared ownership (issue 15, decision 071): Anna runs the Moestuin op het Javaplein with Daan as
 * co-initiator (he answers questions and posts updates) and Joost as helper (he keeps the volunteer
 * lists). Both were invited and accepted, through the team's own writer; their notices are read.
 * Idempotent: a project that already has a team is left alone.
 */
export async function seedTeam(ctx: SeedContext): Promise<void> {
  const { db, now } = ctx;
  const project = await db.selectFrom("projects").select(["id", "initiator_id"]).where("slug", "=", "moestuin-op-het-javaplein").executeTakeFirst();
  if (!project) return;
  const any = await db.selectFrom("project_members").select("user_id").where("project_id", "=", project.id).limit(1).executeTakeFirst();
  if (any) return;
  const [daan, joost] = await Promise.all([ctx.userId("daan"), ctx.userId("joost")]);
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);
  const steps = [
    { actorId: project.initiator_id, subject: { who: "daan-smit" }, event: { type: "invite", role: "co_initiator" } as const, now: at(72) },
    { actorId: daan, subject: { userId: daan }, event: { type: "accept" } as const, now: at(70) },
    { actorId: project.initiator_id, subject: { who: "joost-van-dijk" }, event: { type: "invite", role: "helper" } as const, now: at(48) },
    { actorId: joost, subject: { userId: joost }, event: { type: "accept" } as const, now: at(47) },
  ];
  for (const step of steps) {
    const done = await changeTeam(db, { projectId: project.id, ...step });
    if (!done.ok) throw new Error(`demo team ${step.event.type}: ${done.error}`);
  }
  for (const userId of [project.initiator_id, daan, joost]) await markAllRead(db, userId, now);
}
