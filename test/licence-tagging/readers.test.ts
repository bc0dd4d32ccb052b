// Tag real PNG, JPEG and WebP files, then read them back with readers nobody here wrote
// (ExifTool and Exiv2, from Debian) and decode the pixels with independent decoders.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ProvenanceFields,
  readProvenance,
  writeContainer,
  writeProvenance,
} from '@pictor/licence-tagging';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emojiPngs, otherFormats } from './images.js';

const FIELDS: ProvenanceFields = {
  digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
  aiSystemUsed: 'FLUX.1 [schnell]',
  aiSystemVersionUsed: '@cf/black-forest-labs/flux-1-schnell',
  aiPromptInformation: 'a <red> apple & "pear" — ünïcode 🍎\nNegative prompt: blur',
  aiPromptWriterName: 'Ada Lovelace',
  creator: ['Ada Lovelace'],
  rights: 'AI-generated image; it may not be protected by copyright.',
  usageTerms: 'Weights are Apache-2.0; outputs are unrestricted.',
  webStatement: 'https://www.apache.org/licenses/LICENSE-2.0',
  licensors: [{ name: 'Black Forest Labs', url: 'https://bfl.ai' }],
  credit: 'Twemoji graphics by Twitter, Inc and other contributors, CC-BY 4.0',
  dataMining: 'http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED',
  otherConstraints: 'No AI training',
  tdmReservation: true,
  tdmPolicy: 'https://example.com/tdm-policy.json',
  creatorTool: 'Pictor 0.1.0',
  createDate: '2026-03-01T12:00:00.000Z',
  provider: 'workers-ai',
  model: '@cf/black-forest-labs/flux-1-schnell',
  licence: 'Apache-2.0',
  seed: 42,
  watermarkAlgorithm: 'dev.pictor.ssdct.1',
  watermarkRecordId: '3fa91c0b7e',
  watermarkKeyId: '9d1e0a44',
};
const PARAMETERS =
  'a red apple\nNegative prompt: blur\nSteps: 4, Seed: 42, Size: 64x64, Model: flux-1-schnell';

/** What ExifTool (-j -G1 -struct) must print for FIELDS. */
const EXIFTOOL_EXPECTED: Record<string, unknown> = {
  'XMP-iptcExt:DigitalSourceType': FIELDS.digitalSourceType,
  'XMP-iptcExt:AISystemUsed': FIELDS.aiSystemUsed,
  'XMP-iptcExt:AISystemVersionUsed': FIELDS.aiSystemVersionUsed,
  'XMP-iptcExt:AIPromptInformation': FIELDS.aiPromptInformation,
  'XMP-iptcExt:AIPromptWriterName': FIELDS.aiPromptWriterName,
  'XMP-dc:Creator': FIELDS.creator,
  'XMP-dc:Rights': FIELDS.rights,
  'XMP-xmpRights:UsageTerms': FIELDS.usageTerms,
  'XMP-xmpRights:WebStatement': FIELDS.webStatement,
  'XMP-plus:Licensor': [{ LicensorName: 'Black Forest Labs', LicensorURL: 'https://bfl.ai' }],
  'XMP-photoshop:Credit': FIELDS.credit,
  'XMP-plus:DataMining': FIELDS.dataMining,
  'XMP-plus:OtherConstraints': FIELDS.otherConstraints,
  'XMP-tdm:Reservation': 1,
  'XMP-tdm:Policy': FIELDS.tdmPolicy,
  'XMP-xmp:CreatorTool': FIELDS.creatorTool,
  'XMP-xmp:CreateDate': '2026:03:01 12:00:00.000Z',
  'XMP-pictor:Provider': FIELDS.provider,
  'XMP-pictor:Model': FIELDS.model,
  'XMP-pictor:Licence': FIELDS.licence,
  'XMP-pictor:Seed': 42,
  'XMP-pictor:WatermarkAlgorithm': FIELDS.watermarkAlgorithm,
  'XMP-pictor:WatermarkRecordId': FIELDS.watermarkRecordId,
  'XMP-pictor:WatermarkKeyId': FIELDS.watermarkKeyId,
};

/** What Exiv2 (-pa) must print for FIELDS: key → value as printed. */
const EXIV2_EXPECTED: Record<string, string> = {
  'Xmp.iptcExt.DigitalSourceType': FIELDS.digitalSourceType!,
  'Xmp.iptcExt.AISystemUsed': FIELDS.aiSystemUsed!,
  'Xmp.iptcExt.AISystemVersionUsed': FIELDS.aiSystemVersionUsed!,
  'Xmp.iptcExt.AIPromptInformation': FIELDS.aiPromptInformation!,
  'Xmp.iptcExt.AIPromptWriterName': FIELDS.aiPromptWriterName!,
  'Xmp.dc.creator': 'Ada Lovelace',
  'Xmp.dc.rights': `lang="x-default" ${FIELDS.rights}`,
  'Xmp.xmpRights.UsageTerms': `lang="x-default" ${FIELDS.usageTerms}`,
  'Xmp.xmpRights.WebStatement': FIELDS.webStatement!,
  'Xmp.plus.Licensor[1]/plus:LicensorName': 'Black Forest Labs',
  'Xmp.plus.Licensor[1]/plus:LicensorURL': 'https://bfl.ai',
  'Xmp.photoshop.Credit': FIELDS.credit!,
  'Xmp.plus.DataMining': FIELDS.dataMining!,
  'Xmp.plus.OtherConstraints': `lang="x-default" ${FIELDS.otherConstraints}`,
  'Xmp.tdm.reservation': '1',
  'Xmp.tdm.policy': FIELDS.tdmPolicy!,
  'Xmp.xmp.CreatorTool': FIELDS.creatorTool!,
  'Xmp.xmp.CreateDate': FIELDS.createDate!,
  'Xmp.pictor.Provider': FIELDS.provider!,
  'Xmp.pictor.Model': FIELDS.model!,
  'Xmp.pictor.Licence': FIELDS.licence!,
  'Xmp.pictor.Seed': '42',
  'Xmp.pictor.WatermarkAlgorithm': FIELDS.watermarkAlgorithm!,
  'Xmp.pictor.WatermarkRecordId': FIELDS.watermarkRecordId!,
  'Xmp.pictor.WatermarkKeyId': FIELDS.watermarkKeyId!,
};

interface Sample {
  name: string;
  original: Uint8Array;
  tagged: Uint8Array;
  path: string;
}

let dir: string;
const samples: Sample[] = [];
const exiftool: Record<string, Record<string, unknown>> = {};

function exiv2(path: string): Record<string, string> {
  const text = execFileSync('exiv2', ['-pa', '-PXkyctv', path], { encoding: 'utf8' });
  const out: Record<string, string> = {};
  let last: string | undefined;
  for (const line of text.split('\n')) {
    const match = /^(Xmp\.\S+)\s+\S+\s+\d+\s+(.*)$/.exec(line);
    if (match) {
      last = match[1]!;
      out[last] = match[2]!;
    } else if (last && line) out[last] += `\n${line}`;
  }
  return out;
}

async function decode(bytes: Uint8Array, name: string): Promise<Buffer> {
  if (name.endsWith('.png')) return PNG.sync.read(Buffer.from(bytes)).data;
  if (name.endsWith('.jpg')) return Buffer.from(jpeg.decode(bytes).data);
  return sharp(bytes).ensureAlpha().raw().toBuffer();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pictor-tags-'));
  const inputs = [...emojiPngs(), ...(await otherFormats())];
  for (const { name, bytes } of inputs) {
    const tagged = writeProvenance(bytes, FIELDS, { parameters: PARAMETERS }).bytes;
    const path = join(dir, name);
    writeFileSync(path, tagged);
    samples.push({ name, original: bytes, tagged, path });
  }
  const json = execFileSync('exiftool', ['-j', '-G1', '-struct', ...samples.map((s) => s.path)], {
    encoding: 'utf8',
  });
  for (const entry of JSON.parse(json) as Record<string, unknown>[])
    exiftool[entry.SourceFile as string] = entry;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tagged files read back by independent readers', () => {
  it('covers PNG, JPEG (Exif+ICC, JFIF) and WebP (lossy, lossless, alpha)', () => {
    expect(samples.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'sharp-exif-icc.jpg',
        'jpeg-js-jfif.jpg',
        'lossy.webp',
        'lossless.webp',
        'alpha.webp',
      ]),
    );
    expect(samples.filter((s) => s.name.endsWith('.png')).length).toBeGreaterThanOrEqual(4);
  });

  it('ExifTool reads every field with the right value and reports no warning', () => {
    for (const sample of samples) {
      const entry = exiftool[sample.path]!;
      expect(entry, sample.name).toBeDefined();
      expect(entry['ExifTool:Warning'], sample.name).toBeUndefined();
      for (const [key, value] of Object.entries(EXIFTOOL_EXPECTED))
        expect(entry[key], `${sample.name} ${key}`).toEqual(value);
      if (sample.name.endsWith('.png')) expect(entry['PNG:Parameters']).toBe(PARAMETERS);
      // JPEG/WebP: the AUTOMATIC1111 place, EXIF UserComment — unless the file had other EXIF.
      else if (sample.name !== 'sharp-exif-icc.jpg')
        expect(entry['ExifIFD:UserComment'], sample.name).toBe(PARAMETERS);
    }
  });

  it('ExifTool still sees the Exif and ICC data kept from the original JPEG', () => {
    const entry = exiftool[samples.find((s) => s.name === 'sharp-exif-icc.jpg')!.path]!;
    expect(entry['IFD0:Copyright']).toBe('x');
    expect(entry['ICC_Profile:ProfileDescription']).toBeDefined();
  });

  it('Exiv2 reads every field with the right value', () => {
    for (const sample of samples) {
      const values = exiv2(sample.path);
      for (const [key, value] of Object.entries(EXIV2_EXPECTED))
        expect(values[key], `${sample.name} ${key}`).toBe(value);
    }
  });

  it('decoded pixels are identical before and after (pngjs, jpeg-js, libwebp)', async () => {
    for (const sample of samples) {
      expect(
        (await decode(sample.tagged, sample.name)).equals(await decode(sample.original, sample.name)),
        sample.name,
      ).toBe(true);
    }
  });

  it('our reader agrees with them, and tagging again gives the same bytes', () => {
    for (const sample of samples) {
      const report = readProvenance(sample.tagged);
      expect(report.fields, sample.name).toEqual(FIELDS);
      const again = writeProvenance(sample.tagged, FIELDS, { parameters: PARAMETERS }).bytes;
      expect(Buffer.from(again).equals(Buffer.from(sample.tagged)), sample.name).toBe(true);
    }
  });

  it('ExifTool reassembles our Extended XMP (JPEG packet larger than one segment)', async () => {
    const jpegSample = samples.find((s) => s.name === 'jpeg-js-jfif.jpg')!;
    const prompt = `${'a lighthouse on a cliff at dusk, waves, '.repeat(3000)}end`;
    const result = writeProvenance(jpegSample.original, { ...FIELDS, aiPromptInformation: prompt });
    expect(result.extendedXmp).toBe(true);
    const path = join(dir, 'extended.jpg');
    writeFileSync(path, result.bytes);
    const [entry] = JSON.parse(execFileSync('exiftool', ['-j', '-G1', path], { encoding: 'utf8' })) as Record<
      string,
      unknown
    >[];
    expect(entry!['ExifTool:Warning']).toBeUndefined();
    // Values this long print as "(Binary data …)" in JSON; -b prints the value itself.
    expect(
      execFileSync('exiftool', ['-b', '-XMP-iptcExt:AIPromptInformation', path], { encoding: 'utf8' }),
    ).toBe(prompt);
    expect(entry!['XMP-iptcExt:AISystemUsed']).toBe(FIELDS.aiSystemUsed);
    expect(entry!['XMP-xmpNote:HasExtendedXMP']).toMatch(/^[0-9A-F]{32}$/);
    // Standard-packet fields are still read by Exiv2, which does not reassemble Extended XMP.
    expect(exiv2(path)['Xmp.iptcExt.DigitalSourceType']).toBe(FIELDS.digitalSourceType);
    expect((await decode(result.bytes, 'x.jpg')).equals(await decode(jpegSample.original, 'x.jpg'))).toBe(
      true,
    );
  });

  it('another tool’s properties kept by the writer read back in ExifTool and Exiv2', () => {
    const other = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
      <rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"
        photoshop:City="Lisbon"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">Harbour</rdf:li></rdf:Alt></dc:title></rdf:Description>
      </rdf:RDF></x:xmpmeta>`;
    for (const sample of samples.filter((s) =>
      ['emoji-1f600.png', 'sharp-exif-icc.jpg', 'alpha.webp'].includes(s.name),
    )) {
      const path = join(dir, `kept-${sample.name}`);
      writeFileSync(path, writeProvenance(writeContainer(sample.original, { xmp: other }), FIELDS).bytes);
      const [entry] = JSON.parse(
        execFileSync('exiftool', ['-j', '-G1', path], { encoding: 'utf8' }),
      ) as Record<string, unknown>[];
      expect(entry!['ExifTool:Warning'], sample.name).toBeUndefined();
      expect(entry!['XMP-photoshop:City'], sample.name).toBe('Lisbon');
      expect(entry!['XMP-dc:Title'], sample.name).toBe('Harbour');
      expect(entry!['XMP-iptcExt:AISystemUsed'], sample.name).toBe(FIELDS.aiSystemUsed);
      expect(exiv2(path)['Xmp.photoshop.City'], sample.name).toBe('Lisbon');
    }
  });
});
