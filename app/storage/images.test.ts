import { describe, expect, it } from "vitest";
import { checkPickedFiles, MAX_IMAGE_BYTES, MAX_UPLOAD_BYTES } from "./images";

describe("the browser's check of picked photos (issue 13 §1)", () => {
  const MB = 1024 * 1024;
  it.each([
    [[], null],
    [[12 * MB], null],
    [[MAX_IMAGE_BYTES], null],
    [[MAX_IMAGE_BYTES + 1], "image.error.tooLarge"],
    [[3 * MB, 25 * MB], "image.error.tooLarge"],
    [[15 * MB, 15 * MB], null],
    [[15 * MB, 15 * MB, 15 * MB], "image.error.tooLargeTogether"],
  ] as const)("%o → %s", (sizes, expected) => {
    expect(checkPickedFiles(sizes)).toBe(expected);
  });
  it("one photo at the limit fits in a request with the form", () => {
    expect(MAX_IMAGE_BYTES).toBeLessThan(MAX_UPLOAD_BYTES);
  });
});
