import { linkIdeaToNewProject, postIdea, respondToIdea, setHelp, setNeighbourhoodResponder, setSupport } from "../ideas/ideas.server";
import type { IdeaKind, IdeaStatus } from "../ideas/idea";
import type { IdeaCategory } from "../ideas/idea-schema";
import { addOrganisationMember } from "../matching/organisations.server";
import { markAllRead } from "../notifications/notifications.server";
import type { SeedContext } from "./context.server";

const DAY = 86_400_000;

interface DemoPost {
  author: string;
  kind: IdeaKind;
  title: string;
  body: string;
  category: IdeaCategory;
  street: string;
  postcode4: string | null;
  neighbourhood: string;
  at: number;
  supporters: string[];
  helpers?: [string, string][];
  /** The municipality's answers, in order: days after posting, status, response. */
  answers?: [number, IdeaStatus, string][];
  /** The project it became (by slug). */
  project?: string;
}

/**
 * The neighbourhood board of the demo (issue 14): posts in every status, most in the Indische Buurt,
 * where Ilse Vermeulen answers them for the municipality; one in Lombok, where no organisation is
 * connected yet; and the idea the Moestuin op het Javaplein grew from. Built through the board's
 * own writers. Idempotent: a post is known by its title.
 */
export async function seedIdeas(ctx: SeedContext): Promise<void> {
  const { db, now } = ctx;
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  const gemeente = await db.selectFrom("organisations").select("id").where("slug", "=", "gemeente-amsterdam").executeTakeFirstOrThrow();
  const adminId = await ctx.userId("admin");
  const ilse = await ctx.userId("ilse");
  await addOrganisationMember(db, {
    organisationId: gemeente.id,
    actor: { id: adminId, role: "admin" },
    handle: "ilse-vermeulen",
    role: "member",
    now: at(-60),
  });
  await setNeighbourhoodResponder(db, { neighbourhoodId: "indische-buurt", organisationId: gemeente.id, responds: true, actorId: adminId, now: at(-60) });

  const posts: DemoPost[] = [
    {
      author: "mohammed",
      kind: "problem",
      title: "Schommel in de speeltuin Celebesstraat kapot",
      body: "De ketting van de linker schommel is gebroken; de zitting hangt scheef. Kinderen gebruiken hem toch. Kan hij snel gemaakt of weggehaald worden?",
      category: "playground",
      street: "Speeltuin Celebesstraat",
      postcode4: "1094",
      neighbourhood: "indische-buurt",
      at: -9,
      supporters: ["anna", "eva", "sanne"],
      helpers: [["kees", "Ik kan een lint om de schommel hangen tot hij gemaakt is."]],
      answers: [[1, "looking", "Dank voor de melding. De buitendienst komt deze week kijken en zet de schommel zo nodig vast."]],
    },
    {
      author: "sanne",
      kind: "problem",
      title: "Losliggende stoeptegels in de Javastraat",
      body: "Voor de bakkerij liggen zes tegels los; er zijn al twee mensen gestruikeld. Vooral met een rollator is het gevaarlijk.",
      category: "safety",
      street: "Javastraat, bij de bakkerij",
      postcode4: "1094",
      neighbourhood: "indische-buurt",
      at: -20,
      supporters: ["anna", "mohammed", "eva", "kees"],
      answers: [
        [2, "looking", "We hebben het doorgegeven aan de afdeling wegen."],
        [6, "planned", "Het herstel is gepland in de week van 14 december. Tot dan staat er een afzetting."],
      ],
    },
    {
      author: "anna",
      kind: "problem",
      title: "Lantaarnpaal Borneostraat doet het niet",
      body: "De lantaarnpaal op de hoek van de Borneostraat is al twee weken uit. Het stuk naar het Javaplein is 's avonds erg donker.",
      category: "safety",
      street: "Hoek Borneostraat",
      postcode4: "1093",
      neighbourhood: "indische-buurt",
      at: -30,
      supporters: ["eva", "sanne"],
      answers: [
        [1, "planned", "De netbeheerder komt binnen tien werkdagen."],
        [8, "done", "De lamp is vervangen en brandt weer. Dank voor het melden!"],
      ],
    },
    {
      author: "eva",
      kind: "idea",
      title: "Bankjes op het Javaplein",
      body: "Er is nergens op het plein een plek om even te zitten. Twee of drie bankjes bij de bomen zouden ouderen en ouders met kinderen veel schelen.",
      category: "social",
      street: "Javaplein",
      postcode4: "1094",
      neighbourhood: "indische-buurt",
      at: -40,
      supporters: ["anna", "mohammed"],
      answers: [
        [
          3,
          "not_possible",
          "Het Javaplein wordt in 2027 heringericht; losse bankjes plaatsen we nu niet. We nemen het idee mee in het ontwerp en nodigen je uit voor de inloopavond.",
        ],
      ],
    },
    {
      author: "kees",
      kind: "idea",
      title: "Geveltuintjes in de Sumatrastraat",
      body: "Veel gevels in de Sumatrastraat zijn kaal. Wie doet mee met geveltuintjes? De gemeente haalt de tegels gratis op als je een tuintje aanvraagt.",
      category: "green",
      street: "Sumatrastraat",
      postcode4: "1094",
      neighbourhood: "indische-buurt",
      at: -3,
      supporters: ["eva", "anna"],
      helpers: [["eva", "Ik heb stekjes van lavendel en kattenkruid over."]],
    },
    {
      author: "anna",
      kind: "idea",
      title: "Een moestuin op het Javaplein",
      body: "Wat als we samen groente kweken in plantenbakken op het Javaplein? Buren zaaien, oogsten en leren van elkaar.",
      category: "green",
      street: "Javaplein",
      postcode4: "1094",
      neighbourhood: "indische-buurt",
      at: -50,
      supporters: ["eva", "mohammed", "sanne"],
      helpers: [["eva", "Ik help met zaaien."]],
      answers: [[4, "looking", "Mooi plan. Zet het om in een project, dan kan het buurtbudget meedoen."]],
      project: "moestuin-op-het-javaplein",
    },
    {
      author: "pieter",
      kind: "idea",
      title: "Deelbakfiets bij de Lombokhof",
      body: "Een bakfiets die de buurt samen deelt, met een slot dat je met je telefoon opent. Wie wil meedenken?",
      category: "other",
      street: "Lombokhof",
      postcode4: "3532",
      neighbourhood: "lombok",
      at: -5,
      supporters: ["daan"],
    },
  ];

  const told = new Set<string>();
  for (const p of posts) {
    const authorId = await ctx.userId(p.author);
    const known = await db.selectFrom("ideas").select("id").where("title", "=", p.title).where("author_id", "=", authorId).executeTakeFirst();
    if (known) continue;
    const posted = await postIdea(
      { db, storage: ctx.storage },
      {
        authorId,
        idea: {
          neighbourhoodId: p.neighbourhood,
          kind: p.kind,
          title: p.title,
          body: p.body,
          category: p.category,
          street: p.street,
          postcode4: p.postcode4,
          point: null,
        },
        now: at(p.at),
      },
    );
    if (!posted.ok) throw new Error(`seed idea ${p.title}: ${posted.error}`);
    const ideaId = posted.ideaId;
    told.add(authorId);
    for (const [i, key] of p.supporters.entries()) {
      const userId = await ctx.userId(key);
      told.add(userId);
      const r = await setSupport(db, { ideaId, userId, support: true, now: at(p.at + 0.1 * (i + 1)) });
      if (!r.ok) throw new Error(`seed support ${p.title}: ${r.error}`);
    }
    for (const [i, [key, note]] of (p.helpers ?? []).entries()) {
      const userId = await ctx.userId(key);
      told.add(userId);
      const r = await setHelp(db, { ideaId, userId, helping: true, note, now: at(p.at + 0.2 * (i + 1)) });
      if (!r.ok) throw new Error(`seed help ${p.title}: ${r.error}`);
    }
    for (const [after, status, response] of p.answers ?? []) {
      const r = await respondToIdea(db, { ideaId, actorId: ilse, organisationId: gemeente.id, to: status, response, now: at(p.at + after) });
      if (!r.ok) throw new Error(`seed answer ${p.title}: ${r.error}`);
    }
    if (p.project) {
      const project = await db.selectFrom("projects").select(["id", "created_at"]).where("slug", "=", p.project).executeTakeFirstOrThrow();
      const when = new Date(Math.max(project.created_at.getTime(), at(p.at + 5).getTime()));
      const refused = await db.transaction().execute((trx) => linkIdeaToNewProject(ideaId, authorId, when)(trx, project.id));
      if (refused) throw new Error(`seed idea → project ${p.title}: ${refused}`);
    }
  }
  // The board's history is read: the demo starts with a quiet bell.
  for (const userId of told) await markAllRead(db, userId, now);
}
