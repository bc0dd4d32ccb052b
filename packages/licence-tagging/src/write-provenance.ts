import { PictorError } from '@pictor/core';
import { utf8 } from './bytes.js';
import type { MetadataWrite, TextEntry } from './formats/container.js';
import { detectFormat, type ImageFormat, readValidated, writeValidated } from './formats/detect.js';
import { userCommentExif } from './formats/exif.js';
import { JPEG_MAX_STANDARD_XMP } from './formats/jpeg.js';
import { hasAfcpTrailer } from './formats/trailer.js';
import { validateContainer } from './formats/validate-container.js';
import { md5Hex } from './md5.js';
import { buildXmpPacket } from './xmp/build-xmp.js';
import { BULKY_FIELDS, type ProvenanceFields } from './xmp/fields.js';
import { type ForeignXmp, foreignProperties, mergeForeign } from './xmp/foreign.js';
import { remoteManifestOf } from './xmp/remote-manifest.js';

/** Options of `writeProvenance`. */
export interface WriteProvenanceOptions {
  /**
   * An AUTOMATIC1111-style `parameters` text: a PNG `tEXt` chunk, or for JPEG and WebP the EXIF
   * `UserComment` — written only when the file has no EXIF or EXIF holding nothing but a
   * `UserComment` (other EXIF is never rewritten; `parametersWritten` says what happened).
   */
  parameters?: string;
  /**
   * What to do with a file that carries a C2PA manifest, which any change would break:
   * `'skip'` (default) returns it unchanged with `skipped: 'c2pa'`; `'error'` throws.
   */
  onC2pa?: 'skip' | 'error';
  /** The XMP toolkit name written as `x:xmptk`. Default `Pictor`. */
  toolkit?: string;
  /**
   * Keep the existing packet's properties that these fields do not replace (another tool's
   * namespaces, a photographer's `dc:creator`…). Default true; false replaces the packet whole.
   */
  keepForeignXmp?: boolean;
}

/** What `writeProvenance` did. */
export interface WriteProvenanceResult {
  /** The tagged file (the input itself when nothing was written). */
  bytes: Uint8Array;
  format: ImageFormat;
  /** Whether the bytes were changed. */
  written: boolean;
  /** Why nothing was written. */
  skipped?: 'c2pa';
  /** Whether (JPEG) the packet was split into Extended XMP. */
  extendedXmp: boolean;
  /** Whether the `parameters` text was written. */
  parametersWritten: boolean;
  /**
   * What the caller should know about the written file, in words: for example that the file's
   * AFCP trailer (kept byte for byte) holds absolute offsets that the inserted metadata shifted.
   */
  warnings: string[];
}

/**
 * Builds the XMP for `format`, keeping `foreign` properties, and splitting bulky fields (and the
 * foreign properties) into Extended XMP when a JPEG needs it.
 */
export function xmpWriteFor(
  format: ImageFormat,
  fields: ProvenanceFields,
  toolkit?: string,
  foreign?: ForeignXmp,
): MetadataWrite {
  const base = toolkit === undefined ? {} : { toolkit };
  const packet = buildXmpPacket(fields, foreign ? { ...base, foreign } : base);
  if (format !== 'jpeg' || utf8(packet).length <= JPEG_MAX_STANDARD_XMP) return { xmp: packet };
  const standard: ProvenanceFields = { ...fields };
  const extended: ProvenanceFields = {};
  for (const key of BULKY_FIELDS) {
    if (fields[key] === undefined) continue;
    extended[key] = fields[key];
    delete standard[key];
  }
  const extendedPacket = buildXmpPacket(
    extended,
    foreign ? { ...base, wrapper: false, foreign } : { ...base, wrapper: false },
  );
  const guid = md5Hex(utf8(extendedPacket));
  return {
    xmp: buildXmpPacket(standard, { ...base, extendedGuid: guid }),
    extendedXmp: { packet: extendedPacket, guid },
  };
}

/**
 * Writes provenance fields as XMP into a PNG, JPEG or WebP file, byte-exactly: pixel data and
 * every unrelated chunk or segment are copied unchanged, an existing XMP packet is replaced, and
 * writing the same fields twice gives the same bytes as once; bytes after the image (JPEG
 * trailers) are kept as they are. A file with a C2PA manifest, embedded or referenced as remote
 * from XMP `dcterms:provenance`, is left untouched (or refused, with `onC2pa: 'error'`). A file the
 * image validator refuses is a `MalformedImageError`.
 *
 * @example
 * const { bytes: tagged } = writeProvenance(png, {
 *   digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
 *   aiSystemUsed: 'FLUX.1 [schnell]',
 * });
 */
export function writeProvenance(
  bytes: Uint8Array,
  fields: ProvenanceFields,
  options: WriteProvenanceOptions = {},
): WriteProvenanceResult {
  const format = detectFormat(bytes);
  const { trailerBytes } = validateContainer(bytes, format);
  const existing = readValidated(bytes, format);
  const remote = remoteManifestOf(existing.xmp);
  if (existing.c2pa || remote !== undefined) {
    if (options.onC2pa === 'error') {
      throw new PictorError(
        'c2pa_present',
        remote === undefined
          ? 'the image carries a C2PA manifest; writing XMP would invalidate it'
          : 'the image references a remote C2PA manifest (XMP dcterms:provenance); writing XMP would invalidate its hard binding',
      );
    }
    return {
      bytes,
      format,
      written: false,
      skipped: 'c2pa',
      extendedXmp: false,
      parametersWritten: false,
      warnings: [],
    };
  }
  const afcp = hasAfcpTrailer(bytes, trailerBytes);
  const foreign =
    options.keepForeignXmp === false
      ? undefined
      : mergeForeign(
          foreignProperties(existing.xmp, fields),
          foreignProperties(existing.extendedXmp, fields),
        );
  const write = xmpWriteFor(format, fields, options.toolkit, foreign);
  let parametersWritten = false;
  if (options.parameters !== undefined) {
    if (format === 'png') {
      const texts: TextEntry[] = [{ keyword: 'parameters', text: options.parameters }];
      write.texts = texts;
      parametersWritten = true;
    } else if (!existing.exif || existing.exifOnlyUserComment) {
      write.exif = userCommentExif(options.parameters);
      parametersWritten = true;
    }
  }
  const out = writeValidated(bytes, format, write);
  const warnings: string[] = [];
  if (afcp) {
    warnings.push(
      `the file ends with an AFCP trailer (${trailerBytes} bytes, kept byte for byte) whose absolute offsets are now ${out.length - bytes.length} bytes short of its records; ExifTool corrects for it, readers that trust the offsets may not`,
    );
  }
  return {
    bytes: out,
    format,
    written: true,
    extendedXmp: write.extendedXmp !== undefined,
    parametersWritten,
    warnings,
  };
}
