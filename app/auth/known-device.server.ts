import { createHash } from "node:crypto";
import { createCookie } from "@remix-run/node";
import type { Signer } from "../utils/signer.server";

/**
 * The known-device cookie (docs/decisions/015-abuse-limits.md): after a successful login, the
 * browser remembers — signed, so it cannot be forged — that this account logged in here before.
 * When an account's slow limit is used up by someone guessing from elsewhere, the owner on a known
 * device still logs in with the right password. It holds short hashes of addresses, never the
 * addresses themselves, at most five.
 */
const cookie = createCookie("bk_device", { path: "/", httpOnly: true, sameSite: "lax", maxAge: 60 * 60 * 24 * 365 });
const MAX_ACCOUNTS = 5;
const PURPOSE = "known-device";

const fingerprint = (email: string) => createHash("sha256").update(`known-device:${email.trim().toLowerCase()}`).digest("base64url").slice(0, 16);

async function read(signer: Signer, request: Request): Promise<string[]> {
  const raw: unknown = await cookie.parse(request.headers.get("Cookie"));
  if (typeof raw !== "string") return [];
  const [value = "", signature = ""] = raw.split("~");
  if (!signer.verify(PURPOSE, value, signature)) return [];
  return value.split(".").filter((f) => /^[A-Za-z0-9_-]{16}$/.test(f));
}

export async function isKnownDevice(signer: Signer, request: Request, email: string): Promise<boolean> {
  return (await read(signer, request)).includes(fingerprint(email));
}

/** The Set-Cookie header that adds this account to the browser's known accounts. */
export async function rememberDevice(signer: Signer, request: Request, email: string, secure: boolean): Promise<string> {
  const known = (await read(signer, request)).filter((f) => f !== fingerprint(email));
  const next = [fingerprint(email), ...known].slice(0, MAX_ACCOUNTS).join(".");
  return cookie.serialize(`${next}~${signer.sign(PURPOSE, next)}`, { secure });
}
