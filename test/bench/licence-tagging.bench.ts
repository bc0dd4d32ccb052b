// Tagging cost of @pictor/licence-tagging on large files: an 8 MiB PNG and a 4 MiB JPEG, side by
// side with one Buffer copy of the same file (the floor for any writer that returns new bytes),
// with sharp re-encoding the image with the same XMP, and with one ExifTool process per file.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildXmpPacket, type ProvenanceFields, writeProvenance } from '@pictor/licence-tagging';
import sharp, { type Sharp } from 'sharp';
import { type BenchFigure, measure, sideBySide } from './harness.js';

const FIELDS: ProvenanceFields = {
  digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
  aiSystemUsed: 'FLUX.1 [schnell]',
  aiSystemVersionUsed: '@cf/black-forest-labs/flux-1-schnell',
  rights: 'AI-generated image; it may not be protected by copyright.',
  usageTerms: 'Weights are Apache-2.0; outputs are unrestricted.',
  webStatement: 'https://www.apache.org/licenses/LICENSE-2.0',
  licensors: [{ name: 'Black Forest Labs', url: 'https://bfl.ai' }],
  creatorTool: 'Pictor 0.1.0',
  provider: 'workers-ai',
  model: '@cf/black-forest-labs/flux-1-schnell',
  licence: 'Apache-2.0',
};

/** Noise, so the codecs cannot shrink it: sizes land near the targets. */
function noise(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 3);
  let state = 12345;
  for (let i = 0; i < data.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    data[i] = state >>> 24;
  }
  return data;
}

const MiB = 1024 * 1024;

async function figures(
  label: string,
  bytes: Uint8Array,
  encode: (image: Sharp) => Sharp,
  ext: string,
): Promise<BenchFigure[]> {
  const size = `${(bytes.length / MiB).toFixed(2)} MiB ${label}`;
  const tag = () => writeProvenance(bytes, FIELDS);
  const copy = () => Buffer.from(bytes);
  const { aMs, bMs } = await sideBySide(tag, copy, 40, 10);
  const tagMs = aMs / 400;
  const copyMs = bMs / 400;
  const out: BenchFigure[] = [
    {
      name: `writeProvenance, ${size}`,
      value: tagMs,
      unit: 'ms',
      baseline: { name: 'one Buffer copy of the file', value: copyMs, unit: 'ms' },
      ratio: tagMs / copyMs,
      goal: '≤ 3× one Buffer copy',
      met: tagMs / copyMs <= 3,
      note: 'mean of 40 rounds × 10 calls, alternated with the copy in the same process',
    },
  ];
  const packet = buildXmpPacket(FIELDS);
  const sharpTiming = await measure(() => encode(sharp(bytes).withXmp(packet)).toBuffer(), 3, 1);
  out.push({
    name: `sharp decode + re-encode with the same XMP, ${size}`,
    value: sharpTiming.medianMs,
    unit: 'ms',
    baseline: { name: 'writeProvenance', value: tagMs, unit: 'ms' },
    ratio: sharpTiming.medianMs / tagMs,
    note: 'ratio = sharp ÷ writeProvenance; sharp decodes and re-encodes the pixels (for JPEG, another generation of loss)',
  });
  const dir = mkdtempSync(join(tmpdir(), 'pictor-bench-'));
  try {
    const path = join(dir, `image.${ext}`);
    const exiftool = await measure(
      () => {
        writeFileSync(path, bytes);
        execFileSync('exiftool', [
          '-q',
          '-overwrite_original',
          `-XMP-iptcExt:DigitalSourceType=${FIELDS.digitalSourceType}`,
          `-XMP-dc:Rights=${FIELDS.rights}`,
          `-XMP-xmpRights:WebStatement=${FIELDS.webStatement}`,
          `-XMP-xmpRights:UsageTerms=${FIELDS.usageTerms}`,
          `-XMP-xmp:CreatorTool=${FIELDS.creatorTool}`,
          path,
        ]);
      },
      3,
      1,
    );
    out.push({
      name: `one exiftool process per file (5 XMP tags), ${size}`,
      value: exiftool.medianMs,
      unit: 'ms',
      baseline: { name: 'writeProvenance', value: tagMs, unit: 'ms' },
      ratio: exiftool.medianMs / tagMs,
      note: `ratio = exiftool ÷ writeProvenance; ExifTool ${execFileSync('exiftool', ['-ver'], { encoding: 'utf8' }).trim()}, includes writing the file`,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

export default async function run(): Promise<BenchFigure[]> {
  const pngSide = 1672; // 1672² × 3 bytes of noise ≈ 8 MiB of PNG
  const png = new Uint8Array(
    await sharp(noise(pngSide, pngSide), { raw: { width: pngSide, height: pngSide, channels: 3 } })
      .png({ compressionLevel: 1 })
      .toBuffer(),
  );
  const jpegSide = 2190; // ≈ 4 MiB of JPEG
  const jpeg = new Uint8Array(
    await sharp(noise(jpegSide, jpegSide), { raw: { width: jpegSide, height: jpegSide, channels: 3 } })
      .jpeg({ quality: 92 })
      .toBuffer(),
  );
  return [
    ...(await figures('PNG', png, (image) => image.png({ compressionLevel: 1 }), 'png')),
    ...(await figures('JPEG', jpeg, (image) => image.jpeg({ quality: 92 }), 'jpg')),
  ];
}
