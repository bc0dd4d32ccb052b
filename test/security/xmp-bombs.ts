// Hostile XMP packets of about 1 MiB each, one per way a naive XML reader goes quadratic or
// unbounded: the same list feeds the bounds test and `pnpm bench security`.

const MiB = 1024 * 1024;
const HEAD =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">';
const TAIL = '</rdf:RDF></x:xmpmeta>';

function fill(unit: string, bytes = MiB): string {
  return unit.repeat(Math.ceil(bytes / unit.length));
}

/** A name and its packet, made on demand (so only one bomb is in memory at a time). */
export interface XmpBomb {
  name: string;
  packet: () => string;
}

const declarations = () => Array.from({ length: 20_000 }, (_, i) => ` xmlns:p${i}="urn:p${i}"`).join('');

/** Every bomb, each about 1 MiB. */
export function xmpBombs(): XmpBomb[] {
  return [
    // One start tag holding 1 MiB of attribute text with no `=`: a backtracking attribute regex goes quadratic.
    { name: 'attribute-text regex bomb', packet: () => `${HEAD}<rdf:Description ${fill('a')}/>${TAIL}` },
    {
      name: 'attribute names without values',
      packet: () => `${HEAD}<rdf:Description ${fill('a ')}/>${TAIL}`,
    },
    {
      name: 'unterminated attribute values',
      packet: () => `${HEAD}<rdf:Description ${fill('a="x" b=')}/>${TAIL}`,
    },
    // 20,000 declarations on one element, then tens of thousands of children that each declare one
    // more: a scope map copied per element costs declarations × children.
    {
      name: 'namespace-declaration bomb',
      packet: () =>
        `${HEAD}<rdf:Description${declarations()}><rdf:Bag>${fill('<rdf:li xmlns:q="urn:q"/>', 600_000)}</rdf:Bag></rdf:Description>${TAIL}`,
    },
    { name: 'many attributes', packet: () => `${HEAD}<rdf:Description ${fill('a="" ')}/>${TAIL}` },
    { name: 'deep nesting', packet: () => `${HEAD}${fill('<rdf:Bag>')}${TAIL}` },
    { name: 'many elements', packet: () => `${HEAD}${fill('<rdf:li/>')}${TAIL}` },
    {
      name: 'billion laughs (DOCTYPE entities)',
      packet: () =>
        `<!DOCTYPE x [<!ENTITY a "${fill('a', 1000)}">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${'b'.repeat(i + 1)} "${'&a;'.repeat(10)}">`).join('')}]>${HEAD}${fill('&bbbbbbbbb;', MiB - 20_000)}${TAIL}`,
    },
    {
      name: 'entity look-alikes',
      packet: () => `${HEAD}<rdf:li>${fill('&#x10FFFF&amp;&#99999999;&lt&')}</rdf:li>${TAIL}`,
    },
    // The same text as a property value, which the reader decodes (a reader may decode text only when it is read).
    {
      name: 'entity look-alikes in a property',
      packet: () =>
        `${HEAD}<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:rights>${fill('&#x10FFFF&amp;&#99999999;&lt&')}</dc:rights></rdf:Description>${TAIL}`,
    },
    {
      name: 'text naming many undeclared prefixes',
      packet: () =>
        `${HEAD}<rdf:Description><rdf:li>${Array.from({ length: 60_000 }, (_, i) => ` u${i}:v`).join('')}${fill(' ')}</rdf:li></rdf:Description>${TAIL}`,
    },
    { name: 'unterminated comment', packet: () => `${HEAD}<!--${fill('-- ')}` },
    { name: 'open angle brackets', packet: () => `${HEAD}${fill('<')}` },
    { name: 'many processing instructions', packet: () => `${HEAD}${fill('<?a?>')}${TAIL}` },
    { name: 'quoted greater-than signs', packet: () => `${HEAD}<rdf:Description a="${fill('>')}"/>${TAIL}` },
  ];
}
