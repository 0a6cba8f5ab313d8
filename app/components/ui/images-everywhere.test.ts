import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Pictures without layout shift and with the file that fits (issue 13 §22, docs/decisions/064):
 * every `<img>` in app/ has a width and a height, and there is one: ResponsiveImage's, which gives
 * every picture its srcset, sizes, lazy loading and async decoding. A page that wants a picture
 * renders that component.
 */
const root = path.resolve(__dirname, "../..");
const THE_ONE = path.join("components", "ui", "responsive-image.tsx");

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : p.endsWith(".tsx") && !p.endsWith(".test.tsx") ? [p] : [];
  });
}

/** Each `<img …>` JSX tag of a file, whole: `{…}` may hold a `>` (an arrow, a comparison). */
function imgTags(source: string): string[] {
  const tags: string[] = [];
  for (const m of source.matchAll(/<img\b/g)) {
    let depth = 0;
    let quote: string | null = null;
    let i = m.index + 4;
    for (; i < source.length; i++) {
      const c = source[i]!;
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === '"' || c === "'" || c === "`") quote = c;
      else if (c === "{") depth++;
      else if (c === "}") depth--;
      else if (c === ">" && depth === 0) break;
    }
    tags.push(source.slice(m.index, i + 1));
  }
  return tags;
}

// Block comments may speak of an <img>; they render none.
const sources = files(root).map((file) => ({ file: path.relative(root, file), text: fs.readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "") }));

describe("every picture (issue 13 §22)", () => {
  it("the scanner finds tags whole, with braces and arrows in them", () => {
    expect(imgTags(`<p><img alt="" src={a > b ? x : y} width={1} />{" "}<img\n  src="/x"\n  height={2}\n/></p>`)).toEqual([
      `<img alt="" src={a > b ? x : y} width={1} />`,
      `<img\n  src="/x"\n  height={2}\n/>`,
    ]);
  });

  it("no <img> in app/ lacks a width or a height", () => {
    const offenders = sources.flatMap(({ file, text }) =>
      imgTags(text)
        .filter((tag) => !/\swidth=/.test(tag) || !/\sheight=/.test(tag))
        .map((tag) => `${file}: ${tag.replace(/\s+/g, " ")}`),
    );
    expect(offenders).toEqual([]);
  });

  it("every picture is rendered by ResponsiveImage: no other file writes an <img>", () => {
    const others = sources.filter(({ file, text }) => file !== THE_ONE && imgTags(text).length > 0).map(({ file }) => file);
    expect(others).toEqual([]);
    expect(imgTags(sources.find((s) => s.file === THE_ONE)!.text)).toHaveLength(1);
  });
});
