import { describe, expect, it } from "vitest";
import { isUuid, uuidField } from "./ids";

describe("isUuid", () => {
  it.each([
    ["0b8f4a8e-6d0c-4a4e-9d9f-2f1f6f6f6f6f", true],
    ["0B8F4A8E-6D0C-4A4E-9D9F-2F1F6F6F6F6F", true],
    ["------------------------------------", false],
    ["0b8f4a8e6d0c4a4e9d9f2f1f6f6f6f6f0000", false],
    ["0b8f4a8e-6d0c-4a4e-9d9f-2f1f6f6f6f6f\u0000", false],
    ["0b8f4a8e-6d0c-4a4e-9d9f-2f1f6f6f6f6", false],
    ["", false],
    [null, false],
    [42, false],
  ])("%s → %s", (value, expected) => expect(isUuid(value)).toBe(expected));

  it("uuidField refuses a non-id with the given message", () => {
    const r = uuidField("lending.project.choose").safeParse("---");
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe("lending.project.choose");
    expect(uuidField("x").parse(" 0b8f4a8e-6d0c-4a4e-9d9f-2f1f6f6f6f6f ")).toBe("0b8f4a8e-6d0c-4a4e-9d9f-2f1f6f6f6f6f");
  });
});
