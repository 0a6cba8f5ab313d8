import { describe, expect, it } from "vitest";
import { parseForm } from "../forms/forms";
import { LoginSchema, SignupSchema, handleBase } from "./account-schema";

describe("SignupSchema", () => {
  const valid = { email: " Anna@Example.NL ", displayName: " Anna ", password: "correct horse", neighbourhoodId: "oost" };

  it("accepts and normalises a valid sign-up", () => {
    const r = parseForm(SignupSchema, { ...valid, postcode: "1091 AB" });
    expect(r).toEqual({
      ok: true,
      data: { email: "anna@example.nl", displayName: "Anna", password: "correct horse", neighbourhoodId: "oost", postcode: "1091" },
    });
  });

  it.each([
    [{ email: "not-an-email" }, "email", "auth.error.emailInvalid"],
    [{ email: "" }, "email", "form.required"],
    [{ password: "short" }, "password", "auth.error.passwordShort"],
    [{ displayName: "   " }, "displayName", "auth.error.nameRequired"],
    [{ displayName: "x".repeat(81) }, "displayName", "auth.error.nameLong"],
    [{ neighbourhoodId: "" }, "neighbourhoodId", "auth.error.neighbourhoodRequired"],
    [{ postcode: "0123" }, "postcode", "auth.error.postcodeInvalid"],
    [{ postcode: "12a4" }, "postcode", "auth.error.postcodeInvalid"],
  ])("rejects %j on %s", (patch, field, key) => {
    const r = parseForm(SignupSchema, { ...valid, ...patch });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[field]).toBe(key);
  });

  it("never echoes the password back", () => {
    const r = parseForm(SignupSchema, { ...valid, email: "bad", password: "secret-secret" });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.values.password).toBeUndefined();
      expect(r.values.email).toBe("bad");
    }
  });

  it("reports a missing field as required", () => {
    const r = parseForm(LoginSchema, { email: "a@b.nl" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.password).toBe("form.required");
  });
});

describe("handleBase", () => {
  it.each([
    ["Anna de Vries", "anna-de-vries"],
    ["Özlem Çelik", "ozlem-celik"],
    ["  !!  ", "buur"],
    ["Jan-Willem   van 't Hof", "jan-willem-van-t-hof"],
  ])("%j → %s", (name, handle) => expect(handleBase(name)).toBe(handle));
});
