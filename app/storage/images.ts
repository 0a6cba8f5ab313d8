/** What the app knows of a stored image (the files live in FileStorage; app/storage/images.server.ts). */
export interface StoredImage {
  id: string;
  cardUrl: string;
  largeUrl: string;
  width: number;
  height: number;
}

/**
 * Upload limits (issue 13 §1), shared by the browser's check and the server's: one photo straight
 * from a phone (8–15 MB) fits; together the photos of one form stay within the edge's limit for
 * an upload request (server/edge/input.ts, 40 MB). The server resizes every photo.
 */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
export const MAX_UPLOAD_BYTES = 38 * 1024 * 1024;

/** The browser's check before sending: which message, if any, for these files. */
export function checkPickedFiles(sizes: readonly number[]): "image.error.tooLarge" | "image.error.tooLargeTogether" | null {
  if (sizes.some((s) => s > MAX_IMAGE_BYTES)) return "image.error.tooLarge";
  if (sizes.reduce((a, b) => a + b, 0) > MAX_UPLOAD_BYTES) return "image.error.tooLargeTogether";
  return null;
}
