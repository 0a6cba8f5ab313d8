import { describe, expect, it } from "vitest";
import { type OrganisationEvent, organisationSlug, organisationStatuses, transitionOrganisation } from "./organisation";

describe("transitionOrganisation", () => {
  const verify: OrganisationEvent = { type: "verify" };
  const reject: OrganisationEvent = { type: "reject", reason: "Geen KvK-nummer" };
  it.each(
    organisationStatuses.flatMap((status) => [
      [status, "verify", verify, status === "requested" ? "verified" : "IllegalTransition"],
      [status, "reject", reject, status === "requested" ? "rejected" : "IllegalTransition"],
    ]) as [string, string, OrganisationEvent, string][],
  )("%s + %s → %s", (status, _name, event, expected) => {
    const r = transitionOrganisation(status as "requested", event);
    expect(r.ok ? r.to : r.error).toBe(expected);
  });
  it("a rejection needs a reason", () => {
    expect(transitionOrganisation("requested", { type: "reject", reason: " " })).toEqual({ ok: false, error: "ReasonRequired" });
  });
});

describe("organisationSlug", () => {
  it.each([
    ["Gemeente Amsterdam", "gemeente-amsterdam"],
    ["Wijkfonds Oost", "wijkfonds-oost"],
    ["Stichting Café Één!", "stichting-cafe-een"],
    ["!!!", "organisatie"],
  ])("%s → %s", (name, slug) => expect(organisationSlug(name)).toBe(slug));
});
