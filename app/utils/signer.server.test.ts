import { describe, expect, it } from "vitest";
import { createSigner } from "./signer.server";

describe("createSigner", () => {
  const signer = createSigner(["first-secret-first-secret-first-secret"]);

  it("verifies its own signatures, for the same purpose and payload only", () => {
    const sig = signer.sign("unsubscribe", "user-1:loans");
    expect(signer.verify("unsubscribe", "user-1:loans", sig)).toBe(true);
    expect(signer.verify("unsubscribe", "user-1:digest", sig)).toBe(false);
    expect(signer.verify("calendar", "user-1:loans", sig)).toBe(false);
    expect(signer.verify("unsubscribe", "user-1:loans", `${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}`)).toBe(false);
    expect(signer.verify("unsubscribe", "user-1:loans", "short")).toBe(false);
  });

  it("refuses every other spelling of the last character, even those that decode to the same bytes", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    // Many payloads, so last characters of every kind occur (a signature's last character carries
    // 4 bits; the 2 below them are ignored by base64 decoding).
    for (let i = 0; i < 64; i++) {
      const sig = signer.sign("calendar", `feed-${i}`);
      for (const c of alphabet) {
        const changed = `${sig.slice(0, -1)}${c}`;
        expect(signer.verify("calendar", `feed-${i}`, changed), changed).toBe(changed === sig);
      }
    }
  });

  it("keeps old signatures valid while their secret is still in the rotation list", () => {
    const old = signer.sign("calendar", "feed-1");
    const rotated = createSigner(["second-secret-second-secret-second", "first-secret-first-secret-first-secret"]);
    expect(rotated.verify("calendar", "feed-1", old)).toBe(true);
    expect(rotated.sign("calendar", "feed-1")).not.toBe(old);
    expect(createSigner(["second-secret-second-secret-second"]).verify("calendar", "feed-1", old)).toBe(false);
  });
});
