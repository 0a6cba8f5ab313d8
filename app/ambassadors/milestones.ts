/**
 * Milestone prompts (issue 16, decision 075): when a project's pledged total first reaches 25%, 50%,
 * 75% and 100% of its goal, its backers and the initiator are told, with their share links ("De
 * moestuin staat op 50% — deel het met je buren"). Pure: which milestones a change of the total
 * crosses. A milestone is announced once, the first time it is reached; a withdrawal that drops below
 * it and a later pledge that reaches it again announce nothing new (the writer keeps what was sent).
 */
export const milestones = [25, 50, 75, 100] as const;
export type Milestone = (typeof milestones)[number];

/** Whether `pledgedCents` reaches `percent` of `goalCents`, exactly in integers (no rounding up). */
export function reaches(pledgedCents: number, goalCents: number, percent: Milestone): boolean {
  return pledgedCents * 100 >= goalCents * percent;
}

/**
 * The milestones reached by going from `beforeCents` to `afterCents` that were never announced,
 * lowest first. A pledge that jumps from 20% to 80% crosses 25, 50 and 75; only the highest is worth a
 * message (`announceable`).
 */
export function milestonesCrossed(input: { beforeCents: number; afterCents: number; goalCents: number; announced: readonly Milestone[] }): Milestone[] {
  if (input.goalCents <= 0 || input.afterCents <= input.beforeCents) return [];
  return milestones.filter(
    (m) => !input.announced.includes(m) && !reaches(input.beforeCents, input.goalCents, m) && reaches(input.afterCents, input.goalCents, m),
  );
}

/** Of the milestones one change crossed, the one to tell people about: the highest. */
export function announceable(crossed: readonly Milestone[]): Milestone | null {
  return crossed.length ? crossed[crossed.length - 1]! : null;
}
