import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { cardSet, largeSet } from "../../storage/images";
import { ItemCard } from "../lending/item-card";
import { ProjectCard } from "../projects/project-card";
import { ResponsiveImage } from "./responsive-image";

/** Renders as the server does (a data router, so links and the root's language work). */
async function render(element: ReactNode): Promise<string> {
  const routes = [{ id: "root", path: "/", element }];
  const context = await createStaticHandler(routes).query(new Request("http://localhost/"));
  if (context instanceof Response) throw new Error("unexpected redirect");
  return renderToStaticMarkup(<StaticRouterProvider router={createStaticRouter(routes, context)} context={context} hydrate={false} />);
}

// A fresh upload's rows, as getImages reads them (app/storage/images.server.ts).
const variants = [
  { key: "x/u-card-160.webp", kind: "card", width: 160, height: 120 },
  { key: "x/u-card-400.webp", kind: "card", width: 400, height: 300 },
  { key: "x/u-large-800.webp", kind: "large", width: 800, height: 600 },
] as const;
const card = cardSet({ cardKey: "x/u-card.webp", variants: [...variants] });
const large = largeSet({ largeKey: "x/u-large.webp", width: 1600, height: 1200, variants: [...variants] });

/** The one <img> of the markup, as a reader of its attributes (names as HTML reads them: any case). */
const img = (html: string) => {
  const tags = [...html.matchAll(/<img\b([^>]*)>/g)];
  expect(tags).toHaveLength(1);
  const attrs = new Map([...tags[0]![1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!.toLowerCase(), m[2]!.replace(/&amp;/g, "&")]));
  return (name: string) => attrs.get(name) ?? null;
};

describe("cards offer the small files (issue 13 §22)", () => {
  it("a project card: srcset with 160 and 400 px, sizes of the grid, lazy, width and height", async () => {
    const attr = img(
      await render(
        <ProjectCard
          now="2026-12-03T10:00:00Z"
          project={{
            slug: "moestuin",
            title: "Moestuin",
            summary: "Samen tuinieren",
            status: "live",
            goalCents: 100_000,
            pledgedCents: 20_000,
            backerCount: 3,
            endsAt: new Date("2026-12-20T10:00:00Z"),
            category: "green",
            neighbourhood: { id: "n", name: "Oost", city: "Groningen" },
            cover: { card },
          }}
        />,
      ),
    );
    expect(attr("srcset")).toBe("/uploads/x/u-card-160.webp 160w, /uploads/x/u-card-400.webp 400w, /uploads/x/u-card.webp 800w");
    expect(attr("sizes")).toMatch(/22rem.*100vw/);
    expect([attr("loading"), attr("decoding"), attr("width"), attr("height"), attr("fetchpriority")]).toEqual(["lazy", "async", "800", "600", null]);
  });

  it("an item card: the same, with its alt text", async () => {
    const attr = img(
      await render(
        <ul>
          <ItemCard
            item={{
              id: "i",
              title: "Boormachine",
              category: "tools",
              condition: "good",
              depositCents: 0,
              feePerDayCents: 0,
              maxLoanDays: 3,
              neighbourhood: { id: "n", name: "Oost", city: "Groningen" },
              postcode4: null,
              distanceKm: null,
              ownerName: "Fatma",
              photo: card,
            }}
          />
        </ul>,
      ),
    );
    expect(attr("srcset")).toContain("/uploads/x/u-card-160.webp 160w");
    expect(attr("srcset")).toContain("/uploads/x/u-card-400.webp 400w");
    expect(attr("alt")).toBe("Foto van Boormachine");
    expect([attr("loading"), attr("width"), attr("height")]).toEqual(["lazy", "800", "600"]);
  });
});

describe("ResponsiveImage", () => {
  it("a thumbnail: its shown size, and the file that fills it at 1×", async () => {
    const attr = img(await render(<ResponsiveImage image={card} alt="" sizes="80px" width={80} height={60} />));
    expect([attr("src"), attr("width"), attr("height"), attr("sizes"), attr("alt")]).toEqual(["/uploads/x/u-card-160.webp", "80", "60", "80px", ""]);
  });

  it("the cover at the top of a page: fetched first, not lazily; its own ratio", async () => {
    const attr = img(await render(<ResponsiveImage image={large} alt="" sizes="100vw" priority />));
    expect([attr("loading"), attr("fetchpriority"), attr("decoding")]).toEqual([null, "high", "async"]);
    expect([attr("width"), attr("height")]).toEqual(["1600", "1200"]);
    expect(attr("srcset")).toBe("/uploads/x/u-large-800.webp 800w, /uploads/x/u-large.webp 1600w");
  });

  it("given only a width, the height follows the picture's ratio", async () => {
    const attr = img(await render(<ResponsiveImage image={large} alt="" sizes="16rem" width={256} />));
    expect([attr("width"), attr("height")]).toEqual(["256", "192"]);
  });
});
