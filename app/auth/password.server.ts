import { hash, verify } from "@node-rs/argon2";

// argon2id with the library defaults (≈ 60 ms here), computed off the main thread by the native
// binding: docs/decisions/003-sessions-and-auth.md
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against a fixed hash when the e-mail is unknown keeps both paths equally slow, so
// response times do not reveal which addresses have accounts.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hash("not-a-real-password-but-a-timing-equaliser");
  await verifyPassword(await dummyHash, password);
}
