import { describe, expect, it } from "vitest";
import { canEditNeighbourhood, dependsOnOnePerson } from "./story";

describe("canEditNeighbourhood", () => {
  const mods = ["eva", "mohammed"];
  it.each([
    ["nobody signed in", null, false],
    ["one of its moderators", { id: "eva", role: "member" }, true],
    ["its other moderator", { id: "mohammed", role: "member" }, true],
    ["a neighbour who is not", { id: "anna", role: "member" }, false],
    ["a platform moderator", { id: "kees", role: "moderator" }, true],
    ["a site admin", { id: "admin", role: "admin" }, true],
    ["a suspended moderator of it", { id: "eva", role: "member", suspended: true }, false],
    ["a suspended platform moderator", { id: "kees", role: "moderator", suspended: true }, false],
  ] as const)("%s → %s", (_, viewer, allowed) => {
    expect(canEditNeighbourhood(viewer, mods)).toBe(allowed);
  });
});

describe("dependsOnOnePerson", () => {
  it.each([
    [0, true],
    [1, true],
    [2, false],
    [5, false],
  ])("%i moderators → %s", (n, leans) => {
    expect(dependsOnOnePerson(n)).toBe(leans);
  });
});
