import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Signs values that travel in links (unsubscribe, calendar feed): HMAC-SHA256 with a key derived
 * from SESSION_SECRET, so nothing secret needs storing. Every secret in the rotation list verifies;
 * the newest signs. A purpose is part of what is signed, so a signature made for one use is
 * worthless for another. docs/decisions/012-email-and-unsubscribe.md
 */
export interface Signer {
  sign(purpose: string, payload: string): string;
  verify(purpose: string, payload: string, signature: string): boolean;
}

export function createSigner(secrets: string[]): Signer {
  if (secrets.length === 0) throw new Error("createSigner needs at least one secret");
  // Not the cookie key itself: a key derived for link signing only.
  const keys = secrets.map((s) => createHmac("sha256", s).update("buurtkracht:link-signing:v1").digest());
  const mac = (key: Buffer, purpose: string, payload: string) => createHmac("sha256", key).update(`${purpose}\n${payload}`).digest();
  return {
    sign: (purpose, payload) => mac(keys[0]!, purpose, payload).toString("base64url"),
    verify(purpose, payload, signature) {
      if (!/^[A-Za-z0-9_-]{43}$/.test(signature)) return false;
      const given = Buffer.from(signature, "base64url");
      // 43 characters carry 258 bits for 256: the last character's two low bits are ignored when
      // decoding, so four spellings decode to the same MAC. Only the canonical one is the signature
      // (a link changed in its last character must not still open the feed).
      if (given.toString("base64url") !== signature) return false;
      return keys.some((key) => timingSafeEqual(mac(key, purpose, payload), given));
    },
  };
}
