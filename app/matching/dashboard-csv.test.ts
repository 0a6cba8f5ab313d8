import { describe, expect, it } from "vitest";
import { organisationDashboardCsv } from "./dashboard-csv";

describe("organisationDashboardCsv", () => {
  it("one row per pool × project, cents and euros, quoting, no formulas", () => {
    const csv = organisationDashboardCsv({
      pools: [
        {
          name: "Buurtpot, Oost",
          matches: [
            {
              projectId: "p1",
              projectSlug: "a",
              projectTitle: "=HYPERLINK(1)",
              projectStatus: "succeeded",
              status: "paid",
              cents: 34_005,
              paidAt: new Date("2026-12-20T10:00:00Z"),
              paidReference: "NL-42",
            },
            {
              projectId: "p2",
              projectSlug: "b",
              projectTitle: 'Tuin "De Hof"',
              projectStatus: "live",
              status: "committed",
              cents: 7,
              paidAt: null,
              paidReference: null,
            },
          ],
        },
      ] as never,
    });
    expect(csv.split("\r\n")).toEqual([
      "pool,project,project_status,match_status,amount_cents,amount_eur,paid_at,paid_reference",
      `"Buurtpot, Oost","'=HYPERLINK(1)",succeeded,paid,34005,340.05,2026-12-20T10:00:00.000Z,NL-42`,
      `"Buurtpot, Oost","Tuin ""De Hof""",live,committed,7,0.07,,`,
      "",
    ]);
  });
});
