// A small, bounded XML parser for XMP packets: elements, attributes, text, namespaces. It never
// expands DTD entities (a DOCTYPE is rejected), never recurses, and caps depth and node count, so
// a hostile packet costs at most linear time in its length.

/** A parsed XML element with resolved namespace URIs. */
export interface XmlElement {
  /** Namespace URI ('' when none). */
  ns: string;
  /** Local name. */
  name: string;
  /** Attributes keyed by `{ns}name` (namespace URI in braces, '' when none). */
  attributes: Map<string, string>;
  children: XmlElement[];
  /** Concatenated character data directly inside this element. */
  text: string;
  /** Source offsets: `start` at its `<`, `end` just after its end tag. */
  start: number;
  end: number;
  /** Namespace prefixes in scope at this element ('' is the default namespace). */
  scope: Map<string, string>;
  /** Attribute qualified names as written, keyed like `attributes`. */
  attributeNames: Map<string, string>;
}

/** Why a packet could not be parsed. */
export class XmlError extends Error {}

const MAX_DEPTH = 64;
const MAX_NODES = 100_000;

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g, (_, entity: string) => {
    if (entity === 'lt') return '<';
    if (entity === 'gt') return '>';
    if (entity === 'amp') return '&';
    if (entity === 'quot') return '"';
    if (entity === 'apos') return "'";
    const code =
      entity[1] === 'x' ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
  });
}

interface Open {
  element: XmlElement;
  qname: string;
  scope: Map<string, string>;
}

const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function resolve(
  qname: string,
  scope: Map<string, string>,
  isAttribute: boolean,
): { ns: string; name: string } {
  const colon = qname.indexOf(':');
  if (colon < 0) return { ns: isAttribute ? '' : (scope.get('') ?? ''), name: qname };
  const prefix = qname.slice(0, colon);
  const ns = prefix === 'xml' ? 'http://www.w3.org/XML/1998/namespace' : scope.get(prefix);
  if (ns === undefined) throw new XmlError(`undeclared namespace prefix ${prefix}`);
  return { ns, name: qname.slice(colon + 1) };
}

/** Index of the `>` closing the tag that starts at `from`, skipping quoted attribute values; -1 if none. */
function tagEnd(source: string, from: number): number {
  let quote = '';
  for (let i = from + 1; i < source.length; i++) {
    const char = source[i]!;
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '>') return i;
  }
  return -1;
}

/** Parses an XML document and returns its root element. Throws `XmlError`. */
export function parseXml(source: string): XmlElement {
  const root: XmlElement = {
    ns: '',
    name: '#document',
    attributes: new Map(),
    children: [],
    text: '',
    start: 0,
    end: source.length,
    scope: new Map(),
    attributeNames: new Map(),
  };
  const stack: Open[] = [{ element: root, qname: '', scope: new Map() }];
  let nodes = 0;
  let i = 0;
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const top = stack[stack.length - 1]!;
    if (lt < 0) {
      top.element.text += decodeEntities(source.slice(i));
      break;
    }
    if (lt > i) top.element.text += decodeEntities(source.slice(i, lt));
    if (source.startsWith('<?', lt)) {
      const end = source.indexOf('?>', lt + 2);
      if (end < 0) throw new XmlError('unterminated processing instruction');
      i = end + 2;
    } else if (source.startsWith('<!--', lt)) {
      const end = source.indexOf('-->', lt + 4);
      if (end < 0) throw new XmlError('unterminated comment');
      i = end + 3;
    } else if (source.startsWith('<![CDATA[', lt)) {
      const end = source.indexOf(']]>', lt + 9);
      if (end < 0) throw new XmlError('unterminated CDATA');
      top.element.text += source.slice(lt + 9, end);
      i = end + 3;
    } else if (source.startsWith('<!', lt)) {
      throw new XmlError('DOCTYPE and declarations are not allowed in XMP');
    } else if (source[lt + 1] === '/') {
      const end = source.indexOf('>', lt);
      if (end < 0) throw new XmlError('unterminated end tag');
      const qname = source.slice(lt + 2, end).trim();
      if (stack.length < 2 || top.qname !== qname) throw new XmlError(`mismatched end tag </${qname}>`);
      stack.pop();
      top.element.end = end + 1;
      i = end + 1;
    } else {
      const end = tagEnd(source, lt);
      if (end < 0) throw new XmlError('unterminated start tag');
      if (++nodes > MAX_NODES) throw new XmlError('too many elements');
      const selfClosing = source[end - 1] === '/';
      const inner = source.slice(lt + 1, selfClosing ? end - 1 : end);
      const nameEnd = inner.search(/[\s]|$/);
      const qname = inner.slice(0, nameEnd);
      if (!qname) throw new XmlError('empty tag name');
      const raw: [string, string][] = [];
      // Elements share their parent's scope map unless they declare namespaces.
      let scope = top.scope;
      for (const match of inner.slice(nameEnd).matchAll(ATTRIBUTE)) {
        const name = match[1]!;
        const value = decodeEntities(match[2] ?? match[3] ?? '');
        if (name === 'xmlns' || name.startsWith('xmlns:')) {
          if (scope === top.scope) scope = new Map(top.scope);
          scope.set(name === 'xmlns' ? '' : name.slice(6), value);
        } else raw.push([name, value]);
      }
      const attributes = new Map<string, string>();
      const attributeNames = new Map<string, string>();
      for (const [name, value] of raw) {
        const { ns, name: local } = resolve(name, scope, true);
        attributes.set(`{${ns}}${local}`, value);
        attributeNames.set(`{${ns}}${local}`, name);
      }
      const { ns, name } = resolve(qname, scope, false);
      const element: XmlElement = {
        ns,
        name,
        attributes,
        children: [],
        text: '',
        start: lt,
        end: end + 1,
        scope,
        attributeNames,
      };
      top.element.children.push(element);
      if (!selfClosing) {
        if (stack.length > MAX_DEPTH) throw new XmlError('elements nested too deeply');
        stack.push({ element, qname, scope });
      }
      i = end + 1;
    }
  }
  if (stack.length !== 1) throw new XmlError('unclosed elements at end of packet');
  return root;
}

/** Escapes text for XML character data and attribute values; drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
      code === 0xfffe ||
      code === 0xffff
    )
      continue;
    if (char === '&') out += '&amp;';
    else if (char === '<') out += '&lt;';
    else if (char === '>') out += '&gt;';
    else if (char === '"') out += '&quot;';
    else out += char;
  }
  return out;
}
