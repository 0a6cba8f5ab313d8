import { describe, expect, it } from "vitest";
import { canonicalRedirect } from "./canonical-host";

const local = "http://localhost:3000";
const site = "https://buurtkracht.nl";

describe("one address per app (issue 13 §26)", () => {
  it.each<[string, string, string | undefined, string, string, boolean, ReturnType<typeof canonicalRedirect>]>([
    [
      "127.0.0.1 → localhost, path and query kept",
      "GET",
      "127.0.0.1:3000",
      "/projects?q=tuin",
      local,
      false,
      { status: 307, location: "http://localhost:3000/projects?q=tuin" },
    ],
    ["[::1] → localhost", "HEAD", "[::1]:3000", "/", local, false, { status: 307, location: "http://localhost:3000/" }],
    ["already canonical", "GET", "localhost:3000", "/", local, false, null],
    ["case does not matter", "GET", "LOCALHOST:3000", "/", local, false, null],
    ["a form post is left to the origin check", "POST", "127.0.0.1:3000", "/login", local, false, null],
    ["another port is another app (tests, a proxy)", "GET", "127.0.0.1:4123", "/", local, false, null],
    ["a phone on the LAN cannot reach localhost", "GET", "192.168.1.20:3000", "/", local, false, null],
    ["health probes ask by the pod's address", "GET", "127.0.0.1:3000", "/readyz", local, false, null],
    ["no Host header", "GET", undefined, "/", local, false, null],
    ["a deployment without the switch: never (a proxy may rewrite Host)", "GET", "www.buurtkracht.nl", "/", site, false, null],
    [
      "a deployment with the switch: www → the canonical host",
      "GET",
      "www.buurtkracht.nl",
      "/items?page=2",
      site,
      true,
      { status: 308, location: "https://buurtkracht.nl/items?page=2" },
    ],
    ["a deployment, canonical already", "GET", "buurtkracht.nl", "/", site, true, null],
    ["a deployment, a post is not redirected", "POST", "www.buurtkracht.nl", "/", site, true, null],
    ["a malformed host", "GET", "exa mple:99999", "/", site, true, null],
  ])("%s", (_name, method, host, url, appUrl, redirectDeployments, expected) => {
    expect(canonicalRedirect({ method, host, url, appUrl, redirectDeployments })).toEqual(expected);
  });
});
