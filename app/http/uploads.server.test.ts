import { describe, expect, it } from "vitest";
import { MAX_IMAGE_BYTES } from "../storage/images";
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

  // Issue 13 §1: a photo over the limit loses nothing else — every field comes back, the body is
  // read to its end (the answer is not held up), and the field is named.
  it("a photo over the limit: read to its end, dropped, named, and every text field kept", async () => {
    const form = new FormData();
    form.append("title", "Mijn project");
    form.append("story", "Een lang verhaal over de buurt.");
    form.append("cover", new File([new Uint8Array(MAX_IMAGE_BYTES + 1)], "telefoon.jpg", { type: "image/jpeg" }));
    form.append("lineDescription", "Hout");
    form.append("lineAmount", "120");
    const request = new Request("http://localhost/projects/new", { method: "POST", body: form });
    const r = await parseMultipartForm(request);
    expect(r).toMatchObject({ ok: false, error: "image.error.tooLarge", field: "cover" });
    if (r.ok) return;
    expect(Object.fromEntries([...r.formData.entries()].filter(([, v]) => typeof v === "string"))).toEqual({
      title: "Mijn project",
      story: "Een lang verhaal over de buurt.",
      lineDescription: "Hout",
      lineAmount: "120",
    });
    expect(r.formData.get("cover")).toBeNull();
  });

  it("a photo straight from a phone (12 MB) is taken", async () => {
    const form = new FormData();
    form.append("title", "Boor");
    form.append("photos", new File([new Uint8Array(12 * 1024 * 1024)], "IMG_0001.jpg", { type: "image/jpeg" }));
    const r = await parseMultipartForm(new Request("http://localhost/items/new", { method: "POST", body: form }));
    expect(r.ok).toBe(true);
    expect(r.ok && (r.formData.get("photos") as File).size).toBe(12 * 1024 * 1024);
  });
});
