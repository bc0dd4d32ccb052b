// licence-tagging over the image fixtures (test/fixtures/README.md): it refuses what the core
// validator refuses, with a typed MalformedImageError; it tags every valid file so that ExifTool and
// Exiv2 read the fields back; it keeps JPEG trailers byte for byte (and says when an AFCP trailer's
// absolute offsets were shifted); it reads UTF-16/UTF-32 XMP and keeps its values; a remote C2PA
// manifest reference counts as a manifest.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkImage, PictorError, validateImage } from '@pictor/core';
import { MalformedImageError, readProvenance, writeProvenance } from '@pictor/licence-tagging';
import { afterAll, describe, expect, it } from 'vitest';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
const FIELDS = {
  digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
  aiSystemUsed: 'Fixture model',
  seed: 7,
};
const work = mkdtempSync(join(tmpdir(), 'pictor-fixtures-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const isInvalid = (name: string) => /^x\w\wn\d[a-z]\d\d\.png$/.test(name) || name.startsWith('invalid-');
const all = ['pngsuite', 'png', 'jpeg', 'webp'].flatMap((dir) =>
  readdirSync(join(FIXTURES, dir))
    .filter((name) => /\.(png|jpg|webp)$/.test(name))
    .sort()
    .map((name) => ({ dir, name, bytes: new Uint8Array(readFileSync(join(FIXTURES, dir, name))) })),
);
const valid = all.filter((file) => !isInvalid(file.name));
const invalid = all.filter((file) => isInvalid(file.name));

function exiftool(paths: string[]): Record<string, unknown>[] {
  return JSON.parse(
    execFileSync('exiftool', ['-j', '-G1', '-struct', '-charset', 'UTF8', ...paths], { encoding: 'utf8' }),
  );
}

function app1Xmp(packet: Uint8Array): Uint8Array {
  const ns = new TextEncoder().encode('http://ns.adobe.com/xap/1.0/\0');
  const out = new Uint8Array(4 + ns.length + packet.length);
  out.set([0xff, 0xe1, ((out.length - 2) >> 8) & 0xff, (out.length - 2) & 0xff]);
  out.set(ns, 4);
  out.set(packet, 4 + ns.length);
  return out;
}

function withSegment(jpeg: Uint8Array, segment: Uint8Array): Uint8Array {
  return Uint8Array.from([...jpeg.subarray(0, 2), ...segment, ...jpeg.subarray(2)]);
}

describe('refuses what the validator refuses', () => {
  it.each(invalid.map((file) => [file.name, file] as const))('%s → MalformedImageError', (_name, file) => {
    expect(checkImage(file.bytes).ok).toBe(false);
    expect(() => writeProvenance(file.bytes, FIELDS)).toThrow(MalformedImageError);
    expect(() => readProvenance(file.bytes)).toThrow(MalformedImageError);
  });
  it('a WebP whose RIFF size stops before its image is refused, never written without its bitstream', () => {
    const early = invalid.find((file) => file.name === 'invalid-riff-stops-early.webp')!;
    let error: unknown;
    try {
      writeProvenance(early.bytes, FIELDS);
    } catch (caught) {
      error = caught;
    }
    expect(MalformedImageError.isInstance(error) && (error as MalformedImageError).format).toBe('webp');
  });
});

describe('tags every valid fixture; ExifTool and Exiv2 read it back', () => {
  const tagged = valid.map((file) => {
    const result = writeProvenance(file.bytes, FIELDS);
    const path = join(work, `${file.dir}-${file.name}`);
    writeFileSync(path, result.bytes);
    return { ...file, result, path };
  });
  it('writes every file, and the output passes the validator with the same size', () => {
    for (const file of tagged) {
      expect(file.result.written, file.name).toBe(true);
      const before = validateImage(file.bytes);
      const after = validateImage(file.result.bytes);
      expect([after.mediaType, after.width, after.height, after.trailerBytes], file.name).toEqual([
        before.mediaType,
        before.width,
        before.height,
        before.trailerBytes,
      ]);
    }
  });
  it('ExifTool reads the fields from every tagged file, without errors', () => {
    const read = exiftool(tagged.map((file) => file.path));
    expect(read).toHaveLength(tagged.length);
    for (const entry of read) {
      expect(entry['XMP-iptcExt:DigitalSourceType'], String(entry.SourceFile)).toBe(FIELDS.digitalSourceType);
      expect(entry['XMP-iptcExt:AISystemUsed'], String(entry.SourceFile)).toBe(FIELDS.aiSystemUsed);
      expect(entry['ExifTool:Error'], String(entry.SourceFile)).toBeUndefined();
    }
  });
  it('Exiv2 reads the fields from every tagged JPEG, PNG and WebP', () => {
    for (const file of tagged.filter((entry) => !entry.name.includes('animated'))) {
      const out = execFileSync('exiv2', ['-px', '-g', 'Xmp.iptcExt.DigitalSourceType', file.path], {
        encoding: 'utf8',
      });
      expect(out, file.name).toContain(FIELDS.digitalSourceType);
    }
  });
  it('keeps every JPEG and WebP trailer byte for byte', () => {
    const trailed = tagged.filter((file) => validateImage(file.bytes).trailerBytes > 0);
    expect(trailed.map((file) => file.name).sort()).toEqual(['afcp-trailer.jpg', 'exiftool-trailer.jpg']);
    for (const file of trailed) {
      const length = validateImage(file.bytes).trailerBytes;
      expect(file.result.bytes.subarray(-length)).toEqual(file.bytes.subarray(-length));
    }
  });
  it('warns only where an AFCP trailer holds offsets the insertion shifted', () => {
    const afcp = tagged.find((file) => file.name === 'afcp-trailer.jpg')!;
    const shift = afcp.result.bytes.length - afcp.bytes.length;
    expect(afcp.result.warnings).toEqual([
      expect.stringContaining(`now ${shift} bytes short of its records`),
    ]);
    for (const file of tagged.filter((entry) => entry !== afcp))
      expect(file.result.warnings, file.name).toEqual([]);
    // ExifTool still finds the record: it scans for the trailer and corrects the shifted offsets
    const [read] = exiftool([afcp.path]);
    expect(read!['AFCP:Text']).toBe('AFCP text record');
  });
  it('keeps bytes after a WebP RIFF chunk instead of dropping them', () => {
    const lossy = valid.find((file) => file.name === 'cwebp-lossy.webp')!.bytes;
    const trailer = new TextEncoder().encode('opaque bytes after the RIFF chunk');
    const input = Uint8Array.from([...lossy, ...trailer]);
    expect(validateImage(input).trailerBytes).toBe(trailer.length);
    const { bytes: out } = writeProvenance(input, FIELDS);
    expect(out.subarray(-trailer.length)).toEqual(trailer);
    expect(validateImage(out).trailerBytes).toBe(trailer.length);
    expect(readProvenance(out).fields.aiSystemUsed).toBe(FIELDS.aiSystemUsed);
  });
});

describe('XMP in UTF-16 and UTF-32', () => {
  it.each(['xmp-utf16be.jpg', 'xmp-utf16le.jpg', 'xmp-utf32be.jpg'])(
    '%s is read, and its values survive tagging',
    (name) => {
      const bytes = valid.find((file) => file.name === name)!.bytes;
      const before = readProvenance(bytes);
      expect(before.xmp?.['photoshop:Credit']).toBe('Fixture Photographer');
      const description = before.xmp?.['dc:description'];
      expect(description).toEqual([expect.stringMatching(/packet é中$/)]);
      const { bytes: tagged } = writeProvenance(bytes, FIELDS);
      const after = readProvenance(tagged);
      expect(after.xmp?.['photoshop:Credit']).toBe('Fixture Photographer');
      expect(after.xmp?.['dc:description']).toEqual(description);
      expect(after.fields.aiSystemUsed).toBe(FIELDS.aiSystemUsed);
      const path = join(work, `tagged-${name}`);
      writeFileSync(path, tagged);
      const [read] = exiftool([path]);
      expect(read!['XMP-photoshop:Credit']).toBe('Fixture Photographer');
      expect(read!['XMP-iptcExt:AISystemUsed']).toBe(FIELDS.aiSystemUsed);
    },
  );
  it('ExifTool reads the untagged UTF-16 fixture the same way (the fixture is what it claims)', () => {
    const [read] = exiftool([join(FIXTURES, 'jpeg', 'xmp-utf16be.jpg')]);
    expect(read!['XMP-photoshop:Credit']).toBe('Fixture Photographer');
  });
  it('keeps the values of ExifTool-written Extended XMP', () => {
    const bytes = valid.find((file) => file.name === 'exiftool-extended-xmp.jpg')!.bytes;
    const before = readProvenance(bytes);
    const description = before.xmp?.['dc:description'];
    expect(String(description)).toMatch(/^word0 word1 .* word13999$/);
    const { bytes: tagged } = writeProvenance(bytes, FIELDS);
    expect(readProvenance(tagged).xmp?.['dc:description']).toEqual(description);
  });
});

describe('a remote C2PA manifest is a manifest', () => {
  const packet = new TextEncoder().encode(
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">' +
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" ' +
      'xmlns:dcterms="http://purl.org/dc/terms/" dcterms:provenance="https://manifests.example/abc.c2pa"/>' +
      '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>',
  );
  const base = valid.find((file) => file.name === 'cjpeg-baseline.jpg')!.bytes;
  const remote = withSegment(base, app1Xmp(packet));
  it('is reported by readProvenance', () => {
    expect(readProvenance(remote).c2paRemote).toBe('https://manifests.example/abc.c2pa');
    expect(readProvenance(base).c2paRemote).toBeUndefined();
  });
  it("gets the same onC2pa policy as an embedded manifest: skipped, or refused with 'error'", () => {
    const skipped = writeProvenance(remote, FIELDS);
    expect(skipped).toMatchObject({ written: false, skipped: 'c2pa' });
    expect(skipped.bytes).toBe(remote);
    let error: unknown;
    try {
      writeProvenance(remote, FIELDS, { onC2pa: 'error' });
    } catch (caught) {
      error = caught;
    }
    expect(PictorError.isInstance(error) && error.code).toBe('c2pa_present');
    expect((error as Error).message).toMatch(/remote C2PA manifest/);
  });
});
