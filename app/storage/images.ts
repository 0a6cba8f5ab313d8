/** What the app knows of a stored image (the files live in FileStorage; app/storage/images.server.ts). */
export interface StoredImage {
  id: string;
  cardUrl: string;
  largeUrl: string;
  width: number;
  height: number;
}
