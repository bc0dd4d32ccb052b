/** A text entry found in (or to be written to) an image file, such as PNG `tEXt` `parameters`. */
export interface TextEntry {
  /** The keyword (PNG) or a name for the field (`UserComment` for EXIF). */
  keyword: string;
  /** The text. */
  text: string;
}

/** What a container walk finds, format-independent. */
export interface ContainerMetadata {
  /** `png`, `jpeg` or `webp`. */
  format: 'png' | 'jpeg' | 'webp';
  /** The XMP packet (for JPEG, with the Extended XMP reassembled), when one is present and readable. */
  xmp: string | undefined;
  /** The Extended XMP packet (JPEG only), reassembled from its segments, when present and complete. */
  extendedXmp: string | undefined;
  /** Uncompressed text chunks (PNG `tEXt` and `iTXt` other than XMP). */
  texts: TextEntry[];
  /** Compressed text chunks found but not decoded (PNG `zTXt`, compressed `iTXt`), by keyword. */
  compressedTexts: string[];
  /** Whether an EXIF block is present. */
  exif: boolean;
  /** The EXIF `UserComment` (JPEG, WebP: where AUTOMATIC1111 puts its infotext), when present. */
  userComment: string | undefined;
  /** Whether the EXIF block holds nothing but a `UserComment` (as this package writes it). */
  exifOnlyUserComment: boolean;
  /** Whether a C2PA manifest store is present (PNG `caBX`, JPEG APP11 JUMBF `c2pa`, WebP `C2PA`). */
  c2pa: boolean;
  /** Whether an ICC profile is present. */
  icc: boolean;
  /** Image width and height from the header. */
  width: number;
  height: number;
}

/** A container's metadata before any block is read: nothing found yet, the header's size. */
export function emptyMetadata(
  format: ContainerMetadata['format'],
  width: number,
  height: number,
): ContainerMetadata {
  return {
    format,
    xmp: undefined,
    extendedXmp: undefined,
    texts: [],
    compressedTexts: [],
    exif: false,
    userComment: undefined,
    exifOnlyUserComment: false,
    c2pa: false,
    icc: false,
    width,
    height,
  };
}

/** What the writers put into a file. */
export interface MetadataWrite {
  /** The complete XMP packet (UTF-8); replaces any existing XMP. */
  xmp: string;
  /**
   * JPEG only: the Extended XMP packet, split over as many APP1 segments as it needs. The standard
   * packet must name its GUID (the MD5 of these bytes) in `xmpNote:HasExtendedXMP`.
   */
  extendedXmp?: { packet: string; guid: string };
  /**
   * Text entries (PNG only: `tEXt`, or `iTXt` when not Latin-1): each replaces an existing entry
   * with the same keyword. Other formats ignore them.
   */
  texts?: readonly TextEntry[];
  /** JPEG and WebP: TIFF bytes written as the EXIF block, replacing the existing one. PNG ignores it. */
  exif?: Uint8Array;
}
