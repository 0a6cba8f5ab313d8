import { describe, expect, it } from "vitest";
import { markdownToText, renderMarkdown } from "./markdown.server";

describe("renderMarkdown", () => {
  it("renders the usual Markdown", () => {
    expect(renderMarkdown("# Moestuin\n\nWe planten **tomaten** en *bonen*.\n\n- schep\n- hark")).toBe(
      "<h2>Moestuin</h2>\n<p>We planten <strong>tomaten</strong> en <em>bonen</em>.</p>\n<ul>\n<li>schep</li>\n<li>hark</li>\n</ul>\n",
    );
  });

  it.each([
    ["<script>alert(1)</script>", /<script/i],
    ['<img src=x onerror="alert(1)">', /<img/i],
    ["[klik](javascript:alert(1))", /href="javascript:/i],
    ["[klik](JaVaScRiPt:alert(1))", /href="javascript:/i],
    ["[klik](data:text/html;base64,PHNjcmlwdD4=)", /href="data:/i],
    ['<a href="https://evil.example" onclick="steal()">x</a>', /<a[^>]*onclick/i],
    ["<iframe src=https://evil.example></iframe>", /<iframe/i],
    ["![x](https://tracker.example/pixel.png)", /<img/i],
  ])("neutralises %j", (input, forbidden) => {
    const html = renderMarkdown(input);
    expect(html).not.toMatch(forbidden);
    expect(html.length).toBeGreaterThan(0);
  });

  it("marks links as user content", () => {
    expect(renderMarkdown("[site](https://buurtkracht.nl)")).toBe('<p><a href="https://buurtkracht.nl" rel="nofollow ugc noopener noreferrer">site</a></p>\n');
  });

  it("makes plain-text summaries", () => {
    expect(markdownToText("## Kop\n\nTekst met **nadruk** & <b>html</b>", 200)).toBe("Kop Tekst met nadruk & <b>html</b>");
    expect(markdownToText("a ".repeat(200), 10)).toHaveLength(10);
  });
});
