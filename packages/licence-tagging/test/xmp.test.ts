import { describe, expect, it } from 'vitest';
import {
  buildXmpPacket,
  fieldsFromProperties,
  type ProvenanceFields,
  readXmpProperties,
} from '../src/index.js';

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

const full: ProvenanceFields = {
  digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
  aiSystemUsed: 'FLUX.1 [schnell]',
  aiSystemVersionUsed: '@cf/black-forest-labs/flux-1-schnell',
  aiPromptInformation: 'a <red> & "blue" apple\nNegative prompt: blur',
  aiPromptWriterName: 'Ada',
  creator: ['Ada', 'Grace'],
  rights: 'AI-generated © none',
  usageTerms: 'Use freely.',
  webStatement: 'https://www.apache.org/licenses/LICENSE-2.0',
  licensors: [{ name: 'Black Forest Labs', url: 'https://bfl.ai' }],
  credit: 'Twemoji by Twitter, CC-BY 4.0',
  dataMining: 'http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED',
  otherConstraints: 'No training',
  tdmReservation: true,
  tdmPolicy: 'https://example.com/tdm.json',
  creatorTool: 'Pictor 0.1.0',
  createDate: '2026-01-02T03:04:05.000Z',
  provider: 'workers-ai',
  model: '@cf/black-forest-labs/flux-1-schnell',
  licence: 'Apache-2.0',
  seed: 42,
};

describe('XMP packet', () => {
  it('round-trips every field through our reader, with escaping', () => {
    const packet = buildXmpPacket(full);
    expect(packet.startsWith('<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>')).toBe(true);
    expect(packet.endsWith('<?xpacket end="w"?>')).toBe(true);
    expect(fieldsFromProperties(readXmpProperties(packet))).toEqual(full);
  });

  it('is deterministic and declares only the namespaces it uses', () => {
    const small = buildXmpPacket({ digitalSourceType: full.digitalSourceType! });
    expect(small).toBe(buildXmpPacket({ digitalSourceType: full.digitalSourceType! }));
    expect(small).toContain('xmlns:Iptc4xmpExt=');
    expect(small).not.toContain('xmlns:plus=');
  });

  it('drops characters XML 1.0 forbids instead of writing an unreadable packet', () => {
    const packet = buildXmpPacket({ aiPromptInformation: 'bell\u0007 and nul\u0000 kept\ttab' });
    expect(fieldsFromProperties(readXmpProperties(packet)).aiPromptInformation).toBe(
      'bell and nul kept\ttab',
    );
  });

  it('reads properties written as attributes and rdf:Description structs (as other tools write them)', () => {
    const packet = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
      <rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
        xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"
        Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"
        Iptc4xmpExt:AISystemUsed="a &gt; b">
        <dc:rights><rdf:Alt><rdf:li xml:lang="de">Rechte</rdf:li><rdf:li xml:lang="x-default">Rights</rdf:li></rdf:Alt></dc:rights>
        <plus:Licensor><rdf:Seq><rdf:li><rdf:Description plus:LicensorName="L"><plus:LicensorURL>https://l</plus:LicensorURL></rdf:Description></rdf:li></rdf:Seq></plus:Licensor>
      </rdf:Description></rdf:RDF></x:xmpmeta>`;
    expect(fieldsFromProperties(readXmpProperties(packet))).toEqual({
      digitalSourceType:
        'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia',
      aiSystemUsed: 'a > b',
      rights: 'Rights',
      licensors: [{ name: 'L', url: 'https://l' }],
    });
  });

  it('rejects DOCTYPE (no entity expansion), undeclared prefixes and broken nesting', () => {
    expect(() => readXmpProperties('<!DOCTYPE x [<!ENTITY a "aaaa">]><x/>')).toThrow(/DOCTYPE/);
    expect(() => readXmpProperties('<a:b/>')).toThrow(/undeclared/);
    expect(() => readXmpProperties('<a><b></a></b>')).toThrow(/mismatched/);
    expect(() => readXmpProperties('<a>')).toThrow(/unclosed/);
    expect(() => readXmpProperties(`${'<a>'.repeat(100)}${'</a>'.repeat(100)}`)).toThrow(/deeply/);
  });

  it('decodes entities in text and attribute values, and leaves look-alikes as they are', () => {
    const packet = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="${RDF}"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="a&amp;b &#x41;&#66; &quot;q&apos; &#0; &lt">
      <dc:rights>&lt;x&gt; &amp;amp; &#x10FFFF &#99999999; &bogus; &#x1F600;<![CDATA[&amp;]]></dc:rights></rdf:Description></rdf:RDF></x:xmpmeta>`;
    const properties = readXmpProperties(packet);
    expect(properties['photoshop:Credit']).toBe('a&b AB "q\' \uFFFD &lt');
    expect(properties['dc:rights']).toBe('<x> &amp; &#x10FFFF &#99999999; &bogus; \u{1F600}&amp;');
  });

  it('decodes text when read, but never lets an entity span a comment, an instruction or a child', () => {
    const packet = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="${RDF}"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">
      <dc:rights>a&am<!-- c -->p; &l<?pi?>t; x&amp;<![CDATA[&amp;]]>y&lt;</dc:rights><photoshop:City>&#6<photoshop:x/>5;</photoshop:City></rdf:Description></rdf:RDF></x:xmpmeta>`;
    const properties = readXmpProperties(packet);
    expect(properties['dc:rights']).toBe('a&amp; &lt; x&&amp;y<');
    expect(properties['photoshop:City']).toEqual([{ 'photoshop:x': '' }]);
  });

  it('refuses names with quotes or <, attributes run together, and more than 1,000 namespace declarations', () => {
    const wrap = (inner: string) => `<x:xmpmeta xmlns:x="adobe:ns:meta/">${inner}</x:xmpmeta>`;
    expect(() => readXmpProperties(wrap('<a"b/>'))).toThrow(/element names may not contain/);
    expect(() => readXmpProperties(wrap('<<a/>'))).toThrow(/element names may not contain/);
    expect(() => readXmpProperties(wrap('<x:a b="1"c="2"/>'))).toThrow(/separated by whitespace/);
    expect(() => readXmpProperties(wrap('<x:a "b"="1"/>'))).toThrow(/attribute names may not contain/);
    expect(() => readXmpProperties(wrap('<x:a b<c="1"/>'))).toThrow(/malformed attribute/);
    const declarations = (n: number) =>
      Array.from({ length: n }, (_, i) => ` xmlns:p${i}="urn:p${i}"`).join('');
    // 1,000 in all is fine, spread over elements or on one; 1,001 is refused.
    expect(readXmpProperties(wrap(`<x:a${declarations(999)}/>`))).toEqual({});
    expect(() => readXmpProperties(wrap(`<x:a${declarations(1000)}/>`))).toThrow(
      /too many namespace declarations/,
    );
    const perChild = '<x:b xmlns:q="urn:q"/>';
    expect(readXmpProperties(wrap(`<x:a>${perChild.repeat(999)}</x:a>`))).toEqual({});
    expect(() => readXmpProperties(wrap(`<x:a>${perChild.repeat(1000)}</x:a>`))).toThrow(
      /too many namespace declarations/,
    );
  });
});
