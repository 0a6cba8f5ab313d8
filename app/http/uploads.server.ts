import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { MAX_IMAGE_BYTES } from "../storage/images.server";

/**
 * Parses a multipart form with files held in memory (each at most 5 MB). A too-large file is not
 * an exception for the user: it comes back as `{ ok: false, error: "image.error.tooLarge" }` so
 * the action can show it next to the field.
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
    return { ok: true, formData };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, error: "image.error.tooLarge" };
    throw error;
  }
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
