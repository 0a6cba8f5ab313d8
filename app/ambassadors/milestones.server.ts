import type { Milestone } from "./milestones";
import { announceable, milestonesCrossed } from "./milestones";
import { notify } from "../notifications/notify.server";
import { totalsDelta } from "../pledges/pledge";
import type { PledgeTransitionEffect } from "../services.server";
import { COUNTING_STATUSES } from "./ambassadors.server";

/**
 * Milestone prompts (issue 16, docs/decisions/076-ambassadors.md): in the transaction of the pledge
 * change that makes a live project's total reach 25, 50, 75 or 100% of its goal, a row per milestone
 * in `project_milestones` (primary key project + milestone: once each, ever) and a notice — bell and
 * e-mail — to every backer whose pledge counts, the initiator and the active co-initiators, linking
 * to their share kit. Only the highest milestone one change crosses is told (a jump from 20% to 80%
 * is one message about 75%); the lower ones are recorded as reached so they are never told later.
 * In the pledge's transaction rather than a job: the project row is locked by the pledge writer, so
 * two pledges crossing 50% at once cannot both announce it, and a rollback announces nothing.
 */
export const announceMilestonesOnPledgeChange: PledgeTransitionEffect = async (trx, change) => {
  const { pledge, before } = change;
  const delta = totalsDelta(before ? { status: before.status, amountCents: before.amount_cents } : null, {
    status: pledge.status,
    amountCents: pledge.amount_cents,
  }).pledgedCents;
  if (delta <= 0) return;
  const project = await trx
    .selectFrom("projects")
    .select(["id", "slug", "title", "status", "goal_cents", "pledged_cents", "initiator_id"])
    .where("id", "=", pledge.project_id)
    .executeTakeFirstOrThrow();
  if (project.status !== "live") return;
  const announced = (await trx.selectFrom("project_milestones").select("milestone").where("project_id", "=", project.id).execute()).map(
    (r) => r.milestone as Milestone,
  );
  const crossed = milestonesCrossed({
    beforeCents: project.pledged_cents - delta,
    afterCents: project.pledged_cents,
    goalCents: project.goal_cents,
    announced,
  });
  const tell = announceable(crossed);
  if (tell === null) return;
  await trx
    .insertInto("project_milestones")
    .values(
      crossed.map((m) => ({
        project_id: project.id,
        milestone: m,
        pledged_cents: project.pledged_cents,
        pledge_event_id: change.eventId,
        reached_at: change.now,
      })),
    )
    .onConflict((oc) => oc.columns(["project_id", "milestone"]).doNothing())
    .execute();

  const team = new Set<string>([project.initiator_id]);
  const coInitiators = await trx
    .selectFrom("project_members")
    .select("user_id")
    .where("project_id", "=", project.id)
    .where("status", "=", "active")
    .where("role", "=", "co_initiator")
    .execute();
  for (const m of coInitiators) team.add(m.user_id);
  const backers = await trx
    .selectFrom("pledges")
    .select("backer_id")
    .distinct()
    .where("project_id", "=", project.id)
    .where("status", "in", [...COUNTING_STATUSES])
    .execute();
  const data = { projectSlug: project.slug, projectTitle: project.title, milestone: tell };
  const dedupeKey = `milestone:${project.id}:${tell}`;
  for (const userId of team) await notify(trx, { userId, kind: "ambassador.milestone_team", data, dedupeKey });
  for (const { backer_id } of backers) {
    if (team.has(backer_id)) continue;
    await notify(trx, { userId: backer_id, kind: "ambassador.milestone_backer", data, dedupeKey });
  }
};
