import { data, type UploadHandler, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { MAX_IMAGE_BYTES } from "../storage/images.server";
import { cleanText } from "../utils/text";

/**
 * Parses a multipart form with files held in memory (each at most MAX_IMAGE_BYTES, 20 MB: a photo
 * straight from a phone; the server resizes it). A file over the limit is read to its end and
 * dropped — never a stream left half-read, so the browser gets its answer at once (issue 13 §1) —
 * and comes back as `{ ok: false, error: "image.error.tooLarge", field, formData }` WITH every
 * text field, so the action shows the message next to the file field and keeps what was typed.
 * A body the parser cannot read (a malformed part header, say a field name with a stray quote) is
 * the client's mistake: the 400 page, as the edge answers a body that is not a form
 * (server/edge/remix.ts) — it was a 500 until the form fuzzer sent one.
 */
export async function parseMultipartForm(
  request: Request,
  options: { maxFileBytes?: number } = {},
): Promise<{ ok: true; formData: FormData } | { ok: false; error: "image.error.tooLarge"; field: string; formData: FormData }> {
  const contentType = request.headers.get("Content-Type") ?? "";
  if (!contentType.startsWith("multipart/form-data")) return { ok: true, formData: await request.formData() };
  const max = options.maxFileBytes ?? MAX_IMAGE_BYTES;
  const tooLarge: string[] = [];
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: 1024 * 1024 });
  const handler: UploadHandler = async (part) => {
    if (!part.filename) return memory(part);
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of part.data) {
      size += chunk.byteLength;
      // Past the limit: keep reading (the rest of the form comes after it), keep nothing.
      if (size <= max) chunks.push(chunk);
    }
    if (size > max) {
      tooLarge.push(part.name);
      return null;
    }
    return new File([Buffer.concat(chunks)], part.filename, { type: part.contentType });
  };
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, handler);
  } catch {
    // A text part over 1 MB (MaxPartSizeExceededError) or a part the parser cannot read.
    throw data({ reason: "type" }, { status: 400 });
  }
  const cleaned = cleanFormText(formData);
  if (tooLarge.length) return { ok: false, error: "image.error.tooLarge", field: tooLarge[0]!, formData: cleaned };
  return { ok: true, formData: cleaned };
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
