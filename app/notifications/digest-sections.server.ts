import { newItemsNearMeSection, wantedNearMeSection } from "../lending/calendar.server";
import { endingSoonSection, newProjectsSection } from "../projects/calendar.server";
import type { DigestSection } from "./digest.server";

/**
 * Every section of the weekly neighbourhood digest, in the order they appear. A feature adds its
 * own here (a static list: no module-level state to register into):
 *
 *   // app/projects/digest.server.ts
 *   export const newProjectsSection: DigestSection = {
 *     key: "projects.new",
 *     titleKey: "projects.digest.new",            // in the projects catalogue
 *     async collect(db, { neighbourhoodId, now }) {
 *       const rows = await db.selectFrom("projects")…where(neighbourhood, launched in the last 7 days)…limit(5);
 *       return rows.map((p) => ({ title: p.title, path: `/projects/${p.slug}`, detail: formatMoney(p.goalCents, locale) }));
 *     },
 *   };
 *   // and here: export const digestSections = [newProjectsSection, endingSoonSection, newItemsNearMeSection];
 *
 * Projects: new projects, projects ending soon. Lending: new items near me.
 */
export const digestSections: readonly DigestSection[] = [newProjectsSection, endingSoonSection, newItemsNearMeSection, wantedNearMeSection];
