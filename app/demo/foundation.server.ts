import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { hashPassword } from "../auth/password.server";
import type { SeedContext } from "./context.server";

/** The demo password of every demo account (README, "Demo logins"). */
export const DEMO_PASSWORD = "buurtkracht-demo";
/** Every demo account's address ends in this domain (start-up checks them on a public APP_URL). */
export const DEMO_EMAIL_DOMAIN = "demo.buurtkracht.nl";

export const demoNeighbourhoods = [
  {
    id: "indische-buurt",
    name: "Indische Buurt",
    city: "Amsterdam",
    municipality: "Amsterdam",
    description_nl: "Levendige buurt in Amsterdam-Oost rond het Javaplein, met de Dappermarkt om de hoek.",
    description_en: "Lively neighbourhood in Amsterdam-Oost around the Javaplein, with the Dappermarkt around the corner.",
  },
  {
    id: "lombok",
    name: "Lombok",
    city: "Utrecht",
    municipality: "Utrecht",
    description_nl: "Kleurrijke wijk in Utrecht-West aan de Kanaalstraat, vol initiatieven en buurtmoestuinen.",
    description_en: "Colourful district in Utrecht-West along the Kanaalstraat, full of initiatives and community gardens.",
  },
  {
    id: "oude-noorden",
    name: "Oude Noorden",
    city: "Rotterdam",
    municipality: "Rotterdam",
    description_nl: "Rotterdamse wijk rond de Zwaanshals en het Noorderkanaal, bekend om zijn buurtwinkels en daktuinen.",
    description_en: "Rotterdam district around the Zwaanshals and the Noorderkanaal, known for its local shops and roof gardens.",
  },
] as const;

/**
 * The demo's postcode areas and the neighbourhood each belongs to. Migration 0035 already loaded
 * every Dutch area (db/data/postcode-areas-nl.json, GeoNames, CC BY 4.0; decision 070): place and
 * centroid here are that table's rows, repeated so a test database emptied by `truncateAll` gets
 * the same points back (a test checks they match); the seed only links them to the neighbourhood.
 */
export const demoPostcodes = [
  { postcode4: "1093", neighbourhood_id: "indische-buurt", place: "Amsterdam", lat: 52.3618, lng: 4.928 },
  { postcode4: "1094", neighbourhood_id: "indische-buurt", place: "Amsterdam", lat: 52.3626, lng: 4.9361 },
  { postcode4: "1092", neighbourhood_id: null, place: "Amsterdam", lat: 52.3565, lng: 4.9228 },
  { postcode4: "1091", neighbourhood_id: null, place: "Amsterdam", lat: 52.3556, lng: 4.9135 },
  { postcode4: "3531", neighbourhood_id: "lombok", place: "Utrecht", lat: 52.0911, lng: 5.0959 },
  { postcode4: "3532", neighbourhood_id: "lombok", place: "Utrecht", lat: 52.0947, lng: 5.0947 },
  { postcode4: "3511", neighbourhood_id: null, place: "Utrecht", lat: 52.0884, lng: 5.1175 },
  { postcode4: "3035", neighbourhood_id: "oude-noorden", place: "Rotterdam", lat: 51.9328, lng: 4.4809 },
  { postcode4: "3036", neighbourhood_id: "oude-noorden", place: "Rotterdam", lat: 51.9371, lng: 4.4828 },
  { postcode4: "3037", neighbourhood_id: null, place: "Rotterdam", lat: 51.9368, lng: 4.4734 },
] as const;

/**
 * Puts the demo's postcode areas in place: inserted where missing (a database emptied by a test),
 * and, where the area is already there (migration 0035), linked to its neighbourhood. A link a
 * deployment made itself is kept where the demo names none; place and centroid stay the table's.
 */
export async function upsertDemoPostcodes(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto("postcode_areas")
    .values(demoPostcodes.map((p) => ({ ...p })))
    .onConflict((oc) =>
      oc
        .column("postcode4")
        .doUpdateSet((eb) => ({ neighbourhood_id: eb.fn.coalesce(eb.ref("excluded.neighbourhood_id"), eb.ref("postcode_areas.neighbourhood_id")) })),
    )
    .execute();
}

type DemoUser = {
  key: string;
  email: string;
  displayName: string;
  handle: string;
  neighbourhood: (typeof demoNeighbourhoods)[number]["id"];
  postcode4: string;
  role?: "member" | "moderator" | "admin";
  accountType?: "person" | "organisation";
  locale?: "nl" | "en";
  bio?: string;
};

export const demoUsers: DemoUser[] = [
  {
    key: "anna",
    email: "anna@demo.buurtkracht.nl",
    displayName: "Anna de Vries",
    handle: "anna-de-vries",
    neighbourhood: "indische-buurt",
    postcode4: "1093",
    bio: "Moestuinier en buurtmoeder van de Javastraat.",
  },
  {
    key: "mohammed",
    email: "mohammed@demo.buurtkracht.nl",
    displayName: "Mohammed El Amrani",
    handle: "mohammed-el-amrani",
    neighbourhood: "indische-buurt",
    postcode4: "1094",
    bio: "Klusser met een volle schuur gereedschap.",
  },
  { key: "eva", email: "eva@demo.buurtkracht.nl", displayName: "Eva Visser", handle: "eva-visser", neighbourhood: "indische-buurt", postcode4: "1093" },
  {
    key: "kees",
    email: "kees@demo.buurtkracht.nl",
    displayName: "Kees de Boer",
    handle: "kees-de-boer",
    neighbourhood: "indische-buurt",
    postcode4: "1094",
    role: "moderator",
    bio: "Moderator van de Indische Buurt.",
  },
  {
    key: "sanne",
    email: "sanne@demo.buurtkracht.nl",
    displayName: "Sanne Jansen",
    handle: "sanne-jansen",
    neighbourhood: "lombok",
    postcode4: "3531",
    bio: "Organiseert het jaarlijkse straatfeest.",
  },
  { key: "pieter", email: "pieter@demo.buurtkracht.nl", displayName: "Pieter Bakker", handle: "pieter-bakker", neighbourhood: "lombok", postcode4: "3532" },
  {
    key: "daan",
    email: "daan@demo.buurtkracht.nl",
    displayName: "Daan Smit",
    handle: "daan-smit",
    neighbourhood: "lombok",
    postcode4: "3531",
    locale: "en",
    bio: "New in Lombok, happy to help out.",
  },
  {
    key: "fatma",
    email: "fatma@demo.buurtkracht.nl",
    displayName: "Fatma Yılmaz",
    handle: "fatma-yilmaz",
    neighbourhood: "oude-noorden",
    postcode4: "3035",
    bio: "Repair café op zaterdag.",
  },
  {
    key: "joost",
    email: "joost@demo.buurtkracht.nl",
    displayName: "Joost van Dijk",
    handle: "joost-van-dijk",
    neighbourhood: "oude-noorden",
    postcode4: "3036",
  },
  { key: "lotte", email: "lotte@demo.buurtkracht.nl", displayName: "Lotte Mulder", handle: "lotte-mulder", neighbourhood: "oude-noorden", postcode4: "3035" },
  {
    key: "admin",
    email: "admin@demo.buurtkracht.nl",
    displayName: "Beheer Buurtkracht",
    handle: "beheer",
    neighbourhood: "lombok",
    postcode4: "3531",
    role: "admin",
  },
  {
    key: "wijkfonds",
    email: "wijkfonds@demo.buurtkracht.nl",
    displayName: "Wijkfonds Oost",
    handle: "wijkfonds-oost",
    neighbourhood: "indische-buurt",
    postcode4: "1093",
    accountType: "organisation",
    bio: "Fonds dat bewonersinitiatieven in Amsterdam-Oost mede mogelijk maakt.",
  },
  {
    key: "ilse",
    email: "ilse@demo.buurtkracht.nl",
    displayName: "Ilse Vermeulen",
    handle: "ilse-vermeulen",
    neighbourhood: "indische-buurt",
    postcode4: "1094",
    bio: "Gebiedsmakelaar van de gemeente voor de Indische Buurt: ik beantwoord de ideeën en meldingen hier.",
  },
];

export async function seedFoundation({ db, now }: SeedContext): Promise<void> {
  await db
    .insertInto("neighbourhoods")
    .values(demoNeighbourhoods.map((n) => ({ ...n })))
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
  await upsertDemoPostcodes(db);
  const existing = new Set((await db.selectFrom("users").select("email").execute()).map((u) => u.email.toLowerCase()));
  for (const [i, u] of demoUsers.entries()) {
    if (existing.has(u.email)) continue;
    // Members for a while, each since their own day, before their first loan or project (issue 13 §20).
    const memberSince = new Date(now.getTime() - (90 + 23 * i) * 86_400_000);
    const created = await db
      .insertInto("users")
      .values({
        email: u.email,
        handle: u.handle,
        display_name: u.displayName,
        password_hash: await hashPassword(DEMO_PASSWORD),
        role: u.role ?? "member",
        account_type: u.accountType ?? "person",
        neighbourhood_id: u.neighbourhood,
        postcode4: u.postcode4,
        locale: u.locale ?? "nl",
        bio: u.bio ?? "",
        email_verified_at: memberSince,
        password_changed_at: now,
        created_at: memberSince,
      })
      .onConflict((oc) => oc.column("email").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (created) {
      await db
        .insertInto("user_events")
        .values({ user_id: created.id, kind: "seeded", data: JSON.stringify({ demo: true }), created_at: now })
        .execute();
    }
  }
}
