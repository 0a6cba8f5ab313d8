/**
 * Preference categories (kept apart from ./kinds.ts so pages can import them without the zod
 * schemas of every kind). The settings page shows all but "account".
 */
export const notificationCategories = ["projects_backed", "my_projects", "loans", "reviews", "moderation", "ideas", "digest", "account"] as const;
export type NotificationCategory = (typeof notificationCategories)[number];
/** Categories a user can switch e-mail on/off for ("account" mail is always sent). */
export const switchableCategories = [
  "projects_backed",
  "my_projects",
  "loans",
  "reviews",
  "moderation",
  "ideas",
  "digest",
] as const satisfies readonly NotificationCategory[];
export type SwitchableCategory = (typeof switchableCategories)[number];

export function isSwitchableCategory(value: unknown): value is SwitchableCategory {
  return typeof value === "string" && (switchableCategories as readonly string[]).includes(value);
}

/** E-mail is on for every category by default, except the weekly digest (opt-in). */
export const defaultEmailPreference: Record<SwitchableCategory, boolean> = {
  projects_backed: true,
  my_projects: true,
  loans: true,
  reviews: true,
  moderation: true,
  ideas: true,
  digest: false,
};
