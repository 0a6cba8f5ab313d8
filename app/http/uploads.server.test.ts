import { describe, expect, it } from "vitest";
import { parseMultipartForm } from "./uploads.server";

const multipart = (disposition: string) =>
  new Request("http://localhost/items/new", {
    method: "POST",
    headers: { "Content-Type": "multipart/form-data; boundary=XyZ" },
    body: `--XyZ\r\nContent-Disposition: ${disposition}\r\n\r\nwaarde\r\n--XyZ--\r\n`,
  });

describe("parseMultipartForm", () => {
  it("reads a well-formed form", async () => {
    const r = await parseMultipartForm(multipart('form-data; name="title"'));
    expect(r.ok && r.formData.get("title")).toBe("waarde");
  });

  // Found by the form fuzzer (scripts/drills/form-fuzz.ts): these were uncaught parser errors, a 500.
  it.each(['form-data; name=""', `form-data; name="' OR '1'='1"x"`])("answers a part it cannot read (%s) with the 400 page", async (disposition) => {
    const thrown = await parseMultipartForm(multipart(disposition)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(thrown).toMatchObject({ init: { status: 400 }, data: { reason: "type" } });
  });
});
