/**
 * An image given to the SDK: raw bytes, a `Blob`, base64 text (with or without a `data:` prefix),
 * or a URL. URLs are fetched only when the client was created with an `inputFetch` policy that
 * allows them; otherwise they are an `InvalidRequestError`.
 */
export type ImageInput = Uint8Array | ArrayBuffer | Blob | { base64: string } | { url: string };

/** An `ImageInput` after the client has read it: bytes plus what its header says. */
export interface NormalizedImage {
  /** The file's bytes. */
  bytes: Uint8Array;
  /** Media type read from the bytes. */
  mediaType: ImageMediaType;
  /** Width in pixels, read from the bytes. */
  width: number;
  /** Height in pixels, read from the bytes. */
  height: number;
}

/** The media types Pictor reads and returns. GIF is read (as an input) but never returned. */
export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';
