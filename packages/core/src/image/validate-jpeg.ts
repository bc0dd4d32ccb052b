import { findByte } from './find-byte.js';
import type { ImageDetails, ImageValidation, ImageValidationLevel, JpegProcess } from './image-check.js';
import { defect } from './image-defect.js';

interface Frame {
  offset: number;
  process: JpegProcess;
  coding: 'huffman' | 'arithmetic';
  precision: number;
  width: number;
  height: number;
  components: { id: number; table: number }[];
}

/** SOF0–SOF15 less DHT (C4), JPG (C8) and DAC (CC). */
function isFrameMarker(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function processOf(marker: number): JpegProcess {
  const kind = marker & 0x03; // 0 baseline/extended, 1 extended, 2 progressive, 3 lossless
  if (marker === 0xc0) return 'baseline';
  return kind === 2 ? 'progressive' : kind === 3 ? 'lossless' : 'extended';
}

function readFrame(bytes: Uint8Array, offset: number, marker: number, length: number): Frame {
  const at = offset + 4;
  if (length < 8) defect('JPEG frame header is too short', offset);
  const precision = bytes[at]!;
  const height = (bytes[at + 1]! << 8) | bytes[at + 2]!;
  const width = (bytes[at + 3]! << 8) | bytes[at + 4]!;
  const count = bytes[at + 5]!;
  const process = processOf(marker);
  const coding = marker >= 0xc8 ? 'arithmetic' : 'huffman';
  const precisions = process === 'baseline' ? [8] : process === 'lossless' ? null : [8, 12];
  if (precisions ? !precisions.includes(precision) : precision < 2 || precision > 16)
    defect(`JPEG ${process} frame has sample precision ${precision}`, at);
  if (width < 1) defect('JPEG frame header declares width 0', at + 3);
  if (height < 1)
    defect('JPEG frame header declares height 0 (a height set later by DNL is not supported)', at + 1);
  if (count < 1 || (process === 'progressive' && count > 4))
    defect(`JPEG ${process} frame has ${count} components`, at + 5);
  if (length !== 8 + 3 * count)
    defect(`JPEG frame header length ${length} does not fit ${count} components`, offset);
  const components: Frame['components'] = [];
  for (let i = 0; i < count; i++) {
    const c = at + 6 + 3 * i;
    const h = bytes[c + 1]! >> 4;
    const v = bytes[c + 1]! & 0x0f;
    if (h < 1 || h > 4 || v < 1 || v > 4) defect('JPEG component has a sampling factor outside 1…4', c + 1);
    if (bytes[c + 2]! > 3) defect('JPEG component names a quantisation table above 3', c + 2);
    components.push({ id: bytes[c]!, table: bytes[c + 2]! });
  }
  return { offset, process, coding, precision, width, height, components };
}

/** Marks the quantisation tables a DQT segment defines; checks that its tables fill it exactly. */
function readQuantTables(bytes: Uint8Array, offset: number, end: number, defined: boolean[]): void {
  let at = offset + 4;
  while (at < end) {
    const sixteenBit = bytes[at]! >> 4;
    const id = bytes[at]! & 0x0f;
    if (sixteenBit > 1 || id > 3) defect('JPEG DQT names a bad table', at);
    defined[id] = true;
    at += 1 + (sixteenBit ? 128 : 64);
  }
  if (at !== end) defect('JPEG DQT segment length does not match its tables', offset);
}

function checkScanHeader(
  bytes: Uint8Array,
  offset: number,
  length: number,
  frame: Frame,
  tables: boolean[],
): void {
  const count = bytes[offset + 4]!;
  if (count < 1 || count > 4 || length !== 6 + 2 * count)
    defect(`JPEG scan header length ${length} does not fit ${count} components`, offset);
  for (let i = 0; i < count; i++) {
    const id = bytes[offset + 5 + 2 * i]!;
    const component = frame.components.find((c) => c.id === id);
    if (!component)
      defect(`JPEG scan names component ${id}, which the frame does not have`, offset + 5 + 2 * i);
    if (frame.process !== 'lossless' && !tables[component.table])
      defect(`JPEG scan uses quantisation table ${component.table}, which no DQT defined`, offset);
  }
}

/**
 * Skips entropy-coded data from `from`: returns the offset of the next marker (an `FF` not
 * followed by `00`, a restart marker `D0`–`D7` or a fill `FF`).
 */
function skipScan(bytes: Uint8Array, from: number): number {
  let at = from;
  for (;;) {
    at = findByte(bytes, 0xff, at);
    if (at < 0 || at + 1 >= bytes.length) defect('JPEG is truncated inside scan data: no EOI marker', from);
    let next = bytes[at + 1]!;
    while (next === 0xff && at + 2 < bytes.length) next = bytes[++at + 1]!;
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) at += 2;
    else if (next === 0xff) defect('JPEG is truncated inside scan data: no EOI marker', from);
    else return at;
  }
}

/**
 * Validates a JPEG: SOI and the first frame header at every level; at `'structure'`, every marker
 * segment from SOI through tables, the frame header (baseline, extended, progressive, lossless;
 * Huffman or arithmetic; 8/12-bit), each scan header and its entropy-coded data, to EOI. Bytes after
 * EOI (camera and editor trailers) are allowed and counted.
 */
export function validateJpeg(
  bytes: Uint8Array,
  level: ImageValidationLevel,
): Omit<ImageValidation, 'mediaType'> {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) defect('JPEG does not start with SOI', 0);
  let frame: Frame | undefined;
  const tables: boolean[] = [false, false, false, false];
  let scans = 0;
  let offset = 2;
  for (;;) {
    if (offset + 2 > bytes.length)
      defect(frame ? 'JPEG is truncated: no EOI marker' : 'JPEG has no frame header', offset);
    if (bytes[offset] !== 0xff) defect('JPEG marker expected', offset);
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0xd9) {
      if (!frame) defect('JPEG ends (EOI) before any frame header', offset);
      if (scans === 0) defect('JPEG ends (EOI) without any scan: it holds no image data', offset);
      return result(frame, level, scans, bytes.length - offset - 2);
    }
    if (marker === 0x01) {
      offset += 2; // TEM: no length
      continue;
    }
    if (marker === 0x00 || marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7))
      defect(
        `JPEG has marker FF${marker.toString(16).toUpperCase().padStart(2, '0')} outside a scan`,
        offset,
      );
    if (offset + 4 > bytes.length) defect('JPEG is truncated inside a segment length', offset);
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    const end = offset + 2 + length;
    if (length < 2) defect(`JPEG segment length ${length} is below 2`, offset);
    if (end > bytes.length)
      defect(`JPEG segment declares ${length} bytes but only ${bytes.length - offset - 2} remain`, offset);
    if (isFrameMarker(marker)) {
      const differential =
        marker >= 0xc5 && marker !== 0xc8 && marker !== 0xc9 && marker !== 0xca && marker !== 0xcb;
      if (frame && !differential) defect('JPEG has a second frame header', offset);
      if (!frame) {
        frame = readFrame(bytes, offset, marker, length);
        if (level === 'header') return result(frame, level, 0, 0);
      }
    } else if (marker === 0xdb) readQuantTables(bytes, offset, end, tables);
    else if (marker === 0xda) {
      if (!frame) defect('JPEG scan comes before any frame header', offset);
      checkScanHeader(bytes, offset, length, frame, tables);
      if (
        end >= bytes.length ||
        (bytes[end] === 0xff && bytes[end + 1] !== 0x00 && (bytes[end + 1]! < 0xd0 || bytes[end + 1]! > 0xd7))
      )
        defect('JPEG scan has no entropy-coded data', end);
      scans++;
      offset = skipScan(bytes, end);
      continue;
    }
    offset = end;
  }
}

function result(
  frame: Frame,
  level: ImageValidationLevel,
  scans: number,
  trailerBytes: number,
): Omit<ImageValidation, 'mediaType'> {
  const details: ImageDetails = {
    bitDepth: frame.precision,
    jpegProcess: frame.process,
    jpegCoding: frame.coding,
    components: frame.components.length,
  };
  if (level === 'structure') details.scans = scans;
  return { width: frame.width, height: frame.height, level, animated: false, trailerBytes, details };
}
