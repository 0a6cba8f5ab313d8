import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.server";

describe("parseEnv", () => {
  it("runs with nothing set", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.RUN_WORKER).toBe(true);
    expect(env.BUURTKRACHT_TEST_HOOKS).toBe(false);
  });

  it("derives APP_URL from PORT and trims a trailing slash", () => {
    expect(parseEnv({ PORT: "4000" }).APP_URL).toBe("http://localhost:4000");
    expect(parseEnv({ APP_URL: "https://buurtkracht.nl/" }).APP_URL).toBe("https://buurtkracht.nl");
  });

  it("lists every bad variable in one error", () => {
    let error: unknown;
    try {
      parseEnv({ PORT: "abc", DATABASE_URL: "mysql://x", SESSION_SECRET: "short", RUN_WORKER: "maybe" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as EnvError).message;
    for (const name of ["PORT", "DATABASE_URL", "SESSION_SECRET", "RUN_WORKER"]) expect(message).toContain(name);
    expect((error as EnvError).problems).toHaveLength(4);
  });

  it("refuses half a Stripe configuration", () => {
    expect(() => parseEnv({ STRIPE_SECRET_KEY: "sk_test_123" })).toThrow(/STRIPE_PUBLISHABLE_KEY/);
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).PORT).toBe(3000);
  });
});

describe("settings for more than one machine", () => {
  it("refuses a server database without SESSION_SECRET (instances would each generate their own)", () => {
    expect(() => parseEnv({ DATABASE_URL: "postgres://db/bk" })).toThrow(/SESSION_SECRET: required with DATABASE_URL/);
    expect(parseEnv({ DATABASE_URL: "postgres://db/bk", SESSION_SECRET: "s".repeat(40) }).DATABASE_URL).toBe("postgres://db/bk");
    expect(parseEnv({}).SESSION_SECRET).toBeUndefined();
  });

  it.each([
    [undefined, false],
    ["false", false],
    ["0", false],
    ["true", 1],
    ["1", 1],
    ["2", 2],
    ["10.0.0.1", ["10.0.0.1"]],
    ["loopback, 10.0.0.0/8", ["loopback", "10.0.0.0/8"]],
  ] as const)("TRUST_PROXY=%s → %j", (value, expected) => {
    expect(parseEnv(value === undefined ? {} : { TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
  });

  it("refuses a TRUST_PROXY that is neither hops nor addresses", () => {
    expect(() => parseEnv({ TRUST_PROXY: "everyone" })).toThrow(/TRUST_PROXY/);
  });
});
