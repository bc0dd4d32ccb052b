import type { ImageMediaType } from '../spec/image-input.js';

/**
 * How deep `validateImage` looks.
 * - `'header'`: the magic bytes and the header fields (PNG IHDR, JPEG frame header, WebP
 *   `VP8 `/`VP8L`/`VP8X`): type, size, legal field values and the pixel budget. Reads a few
 *   hundred bytes at most.
 * - `'structure'` (the default): the whole container — every PNG chunk and its CRC, every JPEG
 *   marker segment and scan up to EOI, every WebP RIFF chunk and the image chunks' headers.
 *   Pixels are never decoded.
 */
export type ImageValidationLevel = 'header' | 'structure';

/** Options of `validateImage` and `checkImage`. */
export interface ValidateImageOptions {
  /** How deep to look. Default `'structure'`. */
  level?: ImageValidationLevel;
  /**
   * The largest width × height accepted, checked from the header before anything is allocated.
   * Default `DEFAULT_MAX_PIXELS` (2^28, a 16384 × 16384 image).
   */
  maxPixels?: number;
  /**
   * Set when the bytes are user input: failures become `InvalidRequestError` naming this field
   * (`image`, `mask`, `references[0]`…). Unset (the default): failures are `InvalidResponseError`,
   * for bytes a provider returned.
   */
  field?: string;
}

/** The default pixel budget: 2^28 pixels (16384 × 16384). */
export const DEFAULT_MAX_PIXELS = 2 ** 28;

/** What a successful validation found. */
export interface ImageValidation {
  mediaType: ImageMediaType;
  /** Width in pixels (WebP: the canvas). */
  width: number;
  /** Height in pixels (WebP: the canvas). */
  height: number;
  /** The level that was checked. */
  level: ImageValidationLevel;
  /** Whether the file is animated (APNG `acTL`, WebP animation, GIF is not inspected). */
  animated: boolean;
  /**
   * Bytes after the end of the image (after PNG `IEND`, JPEG `EOI`, the WebP RIFF chunk). Camera
   * and editor trailers live there (JPEG AFCP, FotoStation, Photo Mechanic); they are allowed and
   * kept as they are. 0 when the file ends where the image does; 0 at the `'header'` level.
   */
  trailerBytes: number;
  /** Format details read on the way (see each field). */
  details: ImageDetails;
}

/** Format details found by the validator. Only the fields of the file's format are set. */
export interface ImageDetails {
  /** PNG: IHDR bit depth; JPEG: sample precision (8, 12, or 2–16 for lossless). */
  bitDepth?: number;
  /** PNG: IHDR colour type (0, 2, 3, 4, 6). */
  colourType?: number;
  /** PNG: whether the image is Adam7-interlaced. */
  interlaced?: boolean;
  /**
   * JPEG: the coding process of the frame header — `baseline`, `extended`, `progressive` or
   * `lossless`, each Huffman or arithmetic-coded.
   */
  jpegProcess?: JpegProcess;
  /** JPEG: the coding of the entropy-coded data. */
  jpegCoding?: 'huffman' | 'arithmetic';
  /** JPEG: number of components (1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK). */
  components?: number;
  /** JPEG: number of scans (progressive files have several). */
  scans?: number;
  /** WebP: the image bitstream — `lossy` (`VP8 `), `lossless` (`VP8L`) or `animated` (`ANMF` frames). */
  webpKind?: 'lossy' | 'lossless' | 'animated';
  /** WebP: number of animation frames (1 for a still image). */
  frames?: number;
  /** WebP: whether an `ALPH` chunk or a VP8L alpha hint is present. */
  alpha?: boolean;
}

/** The coding process named by a JPEG frame header (SOF0–SOF15 less DHT, JPG, DAC). */
export type JpegProcess = 'baseline' | 'extended' | 'progressive' | 'lossless';

/**
 * The outcome of `checkImage`: either what the file is, or what is wrong with it — never an
 * exception for bad bytes.
 */
export type ImageCheck =
  | { ok: true; image: ImageValidation }
  | {
      ok: false;
      /** The media type the magic bytes claim, undefined when they match none. */
      mediaType: ImageMediaType | undefined;
      /** What is wrong, in words (for example `PNG IHDR has colour type 1, which PNG does not define`). */
      problem: string;
      /** Byte offset where the problem was found, when known. */
      offset: number | undefined;
    };
