import { describe, expect, it } from "vitest";
import { toApiProject } from "./api";

const source = {
  id: "5b0c6c0e-0000-4000-8000-000000000001",
  slug: "moestuin",
  title: "Moestuin",
  summary: "Groen",
  story: "geheim verhaal",
  status: "live" as const,
  category: "green" as const,
  neighbourhood: { id: "indische-buurt", name: "Indische Buurt", city: "Amsterdam" },
  goalCents: 250_000,
  pledgedCents: 12_345,
  matchedCents: 4_000,
  collectedCents: 0,
  backerCount: 3,
  durationDays: 30,
  launchedAt: new Date("2026-11-01T10:00:00Z"),
  endsAt: new Date("2026-12-01T10:00:00Z"),
  fundingModel: "all_or_nothing" as const,
  initiator: { id: "user-uuid", handle: "anna", displayName: "Anna", email: "anna@example.nl" },
  organisation: { id: "org-uuid", slug: "wijkfonds-oost", name: "Wijkfonds Oost", iban: "NL00BANK0123456789" } as { slug: string; name: string },
  cover: {
    id: "upload-id",
    cardUrl: "/uploads/c.webp",
    largeUrl: "/uploads/l.webp",
    width: 1,
    height: 1,
    card: [
      { url: "/uploads/c-card-400.webp", width: 400, height: 300 },
      { url: "/uploads/c.webp", width: 800, height: 600 },
    ],
    large: [{ url: "/uploads/l.webp", width: 1, height: 1 }],
  },
  tiers: [{ id: "tier-id", title: "Zaden", description: "", minCents: 1_000, quantity: 10, claimed: 4, remaining: 6, pickupNote: "zaterdag" }],
  createdAt: new Date(),
};

describe("toApiProject", () => {
  it("has exactly the documented fields, money in cents and ISO dates, and nothing private", () => {
    const api = toApiProject(source, "https://buurtkracht.nl");
    expect(Object.keys(api).sort()).toEqual(
      [
        "slug",
        "url",
        "title",
        "summary",
        "status",
        "category",
        "neighbourhood",
        "goalCents",
        "pledgedCents",
        "matchedCents",
        "collectedCents",
        "backerCount",
        "launchedAt",
        "endsAt",
        "fundingModel",
        "initiator",
        "organisation",
        "coverImageUrl",
        "coverImages",
        "tiers",
      ].sort(),
    );
    expect(api.initiator).toEqual({ handle: "anna", displayName: "Anna" });
    expect(api.organisation).toEqual({ slug: "wijkfonds-oost", name: "Wijkfonds Oost", url: "https://buurtkracht.nl/organisations/wijkfonds-oost" });
    expect(toApiProject({ ...source, organisation: null }, "https://buurtkracht.nl").organisation).toBeNull();
    expect(api.tiers).toEqual([{ title: "Zaden", description: "", minCents: 1_000, quantity: 10, remaining: 6, pickupNote: "zaterdag" }]);
    expect(api).toMatchObject({
      pledgedCents: 12_345,
      matchedCents: 4_000,
      endsAt: "2026-12-01T10:00:00.000Z",
      url: "https://buurtkracht.nl/projects/moestuin",
      coverImageUrl: "https://buurtkracht.nl/uploads/l.webp",
      coverImages: [
        { url: "https://buurtkracht.nl/uploads/c-card-400.webp", width: 400, height: 300 },
        { url: "https://buurtkracht.nl/uploads/c.webp", width: 800, height: 600 },
      ],
    });
    const json = JSON.stringify(api);
    for (const secret of ["anna@example.nl", "user-uuid", "org-uuid", "NL00BANK", "geheim", "tier-id", "upload-id", source.id])
      expect(json).not.toContain(secret);
  });
});
