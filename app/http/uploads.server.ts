import { data, MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { MAX_IMAGE_BYTES } from "../storage/images.server";
import { cleanText } from "../utils/text";

/**
 * Parses a multipart form with files held in memory (each at most 5 MB). A too-large file is not
 * an exception for the user: it comes back as `{ ok: false, error: "image.error.tooLarge" }` so
 * the action can show it next to the field. A body the parser cannot read (a malformed part header,
 * say a field name with a stray quote) is the client's mistake: the 400 page, as the edge answers a
 * body that is not a form (server/edge/remix.ts) — it was a 500 until the form fuzzer sent one.
 */
export async function parseMultipartForm(
  request: Request,
  options: { maxFileBytes?: number } = {},
): Promise<{ ok: true; formData: FormData } | { ok: false; error: "image.error.tooLarge" }> {
  const contentType = request.headers.get("Content-Type") ?? "";
  if (!contentType.startsWith("multipart/form-data")) return { ok: true, formData: await request.formData() };
  try {
    const formData = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: options.maxFileBytes ?? MAX_IMAGE_BYTES + 64 * 1024 }),
    );
    return { ok: true, formData: cleanFormText(formData) };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, error: "image.error.tooLarge" };
    throw data({ reason: "type" }, { status: 400 });
  }
}

/**
 * Text fields of a multipart form, cleaned as the edge cleans form bodies (server/edge/input.ts):
 * what is not text becomes U+FFFD, which the form parser reports next to the field.
 */
function cleanFormText(formData: FormData): FormData {
  const out = new FormData();
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string") out.append(cleanText(key), cleanText(value));
    else out.append(cleanText(key), value);
  }
  return out;
}

/** The non-empty files under `name` as buffers. */
export async function filesFrom(formData: FormData, name: string): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const value of formData.getAll(name)) {
    if (typeof value === "string" || value.size === 0) continue;
    out.push(Buffer.from(await value.arrayBuffer()));
  }
  return out;
}
