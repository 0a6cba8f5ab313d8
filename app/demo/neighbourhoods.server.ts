import { appointNeighbourhoodModerator, editNeighbourhoodStory } from "../neighbourhoods/pages.server";
import type { SeedContext } from "./context.server";

const DAY = 86_400_000;

interface DemoStory {
  neighbourhood: string;
  /** Named by the site admin; the first one writes the story. */
  moderators: string[];
  nl: string;
  en: string;
}

const stories: DemoStory[] = [
  {
    neighbourhood: "indische-buurt",
    moderators: ["eva", "mohammed"],
    nl: [
      "De Indische Buurt is een buurt van pleinen en markten: het **Javaplein**, de **Dappermarkt** om de hoek en de Celebesstraat met haar schommels.",
      "",
      "Hier delen buren hun boormachine, maken ze samen een moestuin en houden ze de speeltuin heel. Wat we willen:",
      "",
      "- elke maand een klusdag op het Javaplein;",
      "- spullen lenen in plaats van kopen;",
      "- dat iedereen weet wie hij kan vragen.",
    ].join("\n"),
    en: [
      "The Indische Buurt is a neighbourhood of squares and markets: the **Javaplein**, the **Dappermarkt** around the corner and the Celebesstraat with its swings.",
      "",
      "Here neighbours share their drill, start a vegetable garden together and keep the playground whole. What we want:",
      "",
      "- a monthly work day on the Javaplein;",
      "- borrowing things instead of buying them;",
      "- that everyone knows whom to ask.",
    ].join("\n"),
  },
  {
    neighbourhood: "lombok",
    moderators: ["sanne"],
    nl: "Lombok, achter het station van Utrecht: de **Kanaalstraat** met winkels uit de hele wereld, en buren die elkaar op straat groeten. Wie een ladder zoekt, vindt er hier drie.",
    en: "Lombok, behind Utrecht's station: the **Kanaalstraat** with shops from all over the world, and neighbours who greet each other in the street. Looking for a ladder? There are three here.",
  },
  {
    neighbourhood: "oude-noorden",
    moderators: ["fatma"],
    nl: "Het Oude Noorden in Rotterdam: de Zwaanshals, de Bergwegstraat en de binnentuinen. *Ik hou van Noord* — omdat je hier samen dingen doet.",
    en: "The Oude Noorden in Rotterdam: the Zwaanshals, the Bergwegstraat and the courtyard gardens. *I love Noord* — because here you do things together.",
  },
];

/**
 * Neighbourhood pages of the demo (issue 15, docs/decisions/073): a story in both languages for
 * every demo neighbourhood, and its moderators, appointed by the site admin — two in the Indische
 * Buurt; one each in Lombok and the Oude Noorden, whose pages say they lean on one person. Built
 * through the page writer. Idempotent: an appointment made is not made again, a story written is
 * not written again.
 */
export async function seedNeighbourhoodPages(ctx: SeedContext): Promise<void> {
  const { db, now } = ctx;
  const adminId = await ctx.userId("admin");
  const admin = { id: adminId, role: "admin" };
  for (const story of stories) {
    const at = new Date(now.getTime() - 30 * DAY);
    for (const key of story.moderators) {
      const handle = (
        await db
          .selectFrom("users")
          .select("handle")
          .where("id", "=", await ctx.userId(key))
          .executeTakeFirstOrThrow()
      ).handle;
      const r = await appointNeighbourhoodModerator(db, { neighbourhoodId: story.neighbourhood, handle, actor: admin, now: at });
      if (!r.ok && r.error !== "buurt.error.alreadyModerator") throw new Error(`seedNeighbourhoodPages: ${story.neighbourhood}/${key}: ${r.error}`);
    }
    const written = await db.selectFrom("neighbourhoods").select("story_updated_at").where("id", "=", story.neighbourhood).executeTakeFirstOrThrow();
    if (written.story_updated_at) continue;
    const writer = await ctx.userId(story.moderators[0]!);
    const r = await editNeighbourhoodStory(
      { db, storage: ctx.storage },
      {
        neighbourhoodId: story.neighbourhood,
        actor: { id: writer, role: "member" },
        storyNl: story.nl,
        storyEn: story.en,
        now: new Date(now.getTime() - 20 * DAY),
      },
    );
    if (!r.ok) throw new Error(`seedNeighbourhoodPages: ${story.neighbourhood}: ${r.error}`);
  }
}
