import { describe, expect, it } from 'vitest';
import { readJpeg, readProvenance, writeProvenance } from '../src/index.js';
import { makeJpeg, makePng, makeWebp } from './fixtures.js';

// Another tool's packet: attribute-form and element-form properties, a struct in a private
// namespace, a photographer's creator, and properties this package manages (which must go).
const OTHER_TOOL = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Other Tool 1.0">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:acme="http://acme.example/ns/1.0/"
    xmlns:pictor="https://ns.pictor.dev/xmp/1.0/" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
    photoshop:City="Lisbon" pictor:Seed="99">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Harbour at dawn</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>Jane Photographer</rdf:li></rdf:Seq></dc:creator>
   <acme:Job rdf:parseType="Resource"><acme:Id>42</acme:Id><acme:Client>Harbour &amp; Co</acme:Client></acme:Job>
   <Iptc4xmpExt:DigitalSourceType>http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture</Iptc4xmpExt:DigitalSourceType>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;

const FIELDS = {
  digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia',
  aiSystemUsed: 'Test model',
  rights: 'AI-edited',
};

describe('keeping another tool’s XMP properties', () => {
  for (const [name, make] of [
    ['PNG', () => makePng()],
    ['JPEG', () => makeJpeg()],
    ['WebP', () => makeWebp('lossy')],
  ] as const) {
    it(`${name}: keeps foreign properties, replaces managed ones, idempotent`, async () => {
      const withOther = writeProvenance(await make(), {}, { keepForeignXmp: false }).bytes;
      // Put the other tool's packet in, byte for byte, using our own writer's container layer.
      const { writeContainer } = await import('../src/index.js');
      const start = writeContainer(withOther, { xmp: OTHER_TOOL });
      expect(readProvenance(start).xmp?.['photoshop:City']).toBe('Lisbon');
      const tagged = writeProvenance(start, FIELDS).bytes;
      const report = readProvenance(tagged);
      expect(report.fields).toMatchObject({ ...FIELDS, creator: ['Jane Photographer'] });
      expect(report.fields.seed).toBeUndefined();
      expect(report.xmp).toMatchObject({
        'photoshop:City': 'Lisbon',
        'dc:title': ['Harbour at dawn'],
        '{http://acme.example/ns/1.0/}Job': [
          { '{http://acme.example/ns/1.0/}Id': '42', '{http://acme.example/ns/1.0/}Client': 'Harbour & Co' },
        ],
      });
      expect(Buffer.from(writeProvenance(tagged, FIELDS).bytes)).toEqual(Buffer.from(tagged));
      // Writing a creator replaces the photographer's; keepForeignXmp: false drops everything foreign.
      expect(
        readProvenance(writeProvenance(tagged, { ...FIELDS, creator: ['Ada'] }).bytes).fields.creator,
      ).toEqual(['Ada']);
      const replaced = readProvenance(writeProvenance(tagged, FIELDS, { keepForeignXmp: false }).bytes);
      expect(replaced.xmp?.['photoshop:City']).toBeUndefined();
    });
  }

  it('JPEG: foreign properties move to Extended XMP with the bulky fields when the packet is large', async () => {
    const { writeContainer } = await import('../src/index.js');
    const start = writeContainer(await makeJpeg(), { xmp: OTHER_TOOL });
    const big = { ...FIELDS, aiPromptInformation: 'p'.repeat(70_000) };
    const tagged = writeProvenance(start, big);
    expect(tagged.extendedXmp).toBe(true);
    expect(readJpeg(tagged.bytes).extendedXmp).toContain('Lisbon');
    expect(readProvenance(tagged.bytes).xmp?.['photoshop:City']).toBe('Lisbon');
    expect(Buffer.from(writeProvenance(tagged.bytes, big).bytes)).toEqual(Buffer.from(tagged.bytes));
  });

  it('a foreign property whose prefix clashes with one of ours is dropped, not mis-declared', async () => {
    const clash = OTHER_TOOL.replace(
      'xmlns:acme="http://acme.example/ns/1.0/"',
      'xmlns:acme="http://acme.example/ns/1.0/" xmlns:plus="urn:not-plus"',
    ).replace('<dc:title>', '<plus:Thing>x</plus:Thing><dc:title>');
    const { writeContainer } = await import('../src/index.js');
    const tagged = writeProvenance(writeContainer(await makePng(), { xmp: clash }), {
      ...FIELDS,
      licensors: [{ name: 'L' }],
    }).bytes;
    const report = readProvenance(tagged);
    expect(report.fields.licensors).toEqual([{ name: 'L' }]);
    expect(JSON.stringify(report.xmp)).not.toContain('urn:not-plus');
    expect(report.xmp?.['photoshop:City']).toBe('Lisbon');
  });
});
