/**
 * Organisations: types and pure rules (docs/matching.md). A municipality, fund, housing corporation
 * or business co-funds projects through matching pools. Its account is requested by a user and
 * verified by an admin, or created verified by an admin. Members act for it: admins also manage
 * members; both may create pools.
 *
 *   requested ──verify──▶ verified
 *   requested ──reject──▶ rejected
 */
export const organisationKinds = ["municipality", "fund", "housing_corporation", "business", "other"] as const;
export type OrganisationKind = (typeof organisationKinds)[number];
export const organisationStatuses = ["requested", "verified", "rejected"] as const;
export type OrganisationStatus = (typeof organisationStatuses)[number];
export const organisationRoles = ["admin", "member"] as const;
export type OrganisationRole = (typeof organisationRoles)[number];

export type OrganisationEvent = { type: "verify" } | { type: "reject"; reason: string };

export function transitionOrganisation(
  status: OrganisationStatus,
  event: OrganisationEvent,
): { ok: true; to: OrganisationStatus; note?: string } | { ok: false; error: "IllegalTransition" | "ReasonRequired" } {
  switch (event.type) {
    case "verify":
      return status === "requested" ? { ok: true, to: "verified" } : { ok: false, error: "IllegalTransition" };
    case "reject": {
      if (status !== "requested") return { ok: false, error: "IllegalTransition" };
      const reason = event.reason.trim();
      if (!reason) return { ok: false, error: "ReasonRequired" };
      return { ok: true, to: "rejected", note: reason };
    }
    default: {
      const never: never = event;
      throw new Error(`Unknown organisation event ${JSON.stringify(never)}`);
    }
  }
}

/** "Gemeente Amsterdam" → "gemeente-amsterdam". */
export function organisationSlug(name: string): string {
  return (
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .replace(/-+$/g, "") || "organisatie"
  );
}
