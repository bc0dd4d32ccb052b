// A small, bounded XML parser for XMP packets: elements, attributes, text, namespaces. It never
// expands DTD entities (a DOCTYPE is rejected), never recurses, caps depth, element and attribute
// counts, scans each byte a bounded number of times (attributes by a hand-written scanner, no
// backtracking regex) and shares namespace scopes between elements (a chain of small maps, never a
// copy per element), so a hostile packet costs time and memory linear in its length.
//
// Written here rather than taken from a library: element source offsets (`start`/`end`) are what
// lets foreign properties be carried over byte for byte, and it must run in Workers. saxes 6.0.0
// (streaming, Workers-safe) was measured against it on the same hostile and ordinary packets: see
// docs/benchmarks.md ("XMP parser").

/** A parsed XML element with resolved namespace URIs. */
export interface XmlElement {
  /** Namespace URI ('' when none). */
  ns: string;
  /** Local name. */
  name: string;
  /** Attributes keyed by `{ns}name` (namespace URI in braces, '' when none). */
  attributes: ReadonlyMap<string, string>;
  children: XmlElement[];
  /** Concatenated character data directly inside this element. */
  text: string;
  /** Source offsets: `start` at its `<`, `end` just after its end tag. */
  start: number;
  end: number;
  /** Namespace prefixes in scope at this element ('' is the default namespace). */
  scope: NamespaceScope;
  /** Attribute qualified names as written, keyed like `attributes`. */
  attributeNames: ReadonlyMap<string, string>;
}

/** Shared by every element without attributes: one map fewer per element keeps a packet of many small elements cheap. */
const NO_ATTRIBUTES: ReadonlyMap<string, string> = new Map();

/** The namespace prefixes in scope at an element: its own declarations, then its ancestors'. */
export class NamespaceScope {
  constructor(
    private readonly own: ReadonlyMap<string, string> = new Map(),
    private readonly parent?: NamespaceScope,
  ) {}

  /** The URI bound to `prefix` ('' is the default namespace), or undefined. Walks at most the depth. */
  get(prefix: string): string | undefined {
    for (let scope: NamespaceScope | undefined = this; scope; scope = scope.parent) {
      const uri = scope.own.get(prefix);
      if (uri !== undefined) return uri;
    }
    return undefined;
  }
}

/** Why a packet could not be parsed. */
export class XmlError extends Error {}

/** Limits: far above any real XMP packet (tens of elements), low enough to bound memory. */
const MAX_DEPTH = 64;
const MAX_NODES = 20_000;
const MAX_ATTRIBUTES = 50_000;

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
  scope: NamespaceScope;
}

function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r';
}

/**
 * The attributes of a start tag's inside (after the name), scanned once: `name = "value"` pairs
 * separated by whitespace. Anything else is an `XmlError`.
 */
function scanAttributes(inner: string, from: number, budget: number): [string, string][] {
  const out: [string, string][] = [];
  let i = from;
  const n = inner.length;
  for (;;) {
    while (i < n && isSpace(inner[i])) i++;
    if (i >= n) return out;
    const nameStart = i;
    while (i < n && !isSpace(inner[i]) && inner[i] !== '=' && inner[i] !== '"' && inner[i] !== "'") i++;
    const name = inner.slice(nameStart, i);
    while (i < n && isSpace(inner[i])) i++;
    if (!name || inner[i] !== '=') throw new XmlError('malformed attribute');
    i++;
    while (i < n && isSpace(inner[i])) i++;
    const quote = inner[i];
    if (quote !== '"' && quote !== "'") throw new XmlError('attribute value without quotes');
    const close = inner.indexOf(quote, i + 1);
    if (close < 0) throw new XmlError('unterminated attribute value');
    out.push([name, inner.slice(i + 1, close)]);
    if (out.length > budget) throw new XmlError('too many attributes');
    i = close + 1;
    if (i < n && !isSpace(inner[i])) throw new XmlError('attributes must be separated by whitespace');
  }
}

function resolve(qname: string, scope: NamespaceScope, isAttribute: boolean): { ns: string; name: string } {
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
    scope: new NamespaceScope(),
    attributeNames: new Map(),
  };
  const stack: Open[] = [{ element: root, qname: '', scope: root.scope }];
  let nodes = 0;
  let attributeCount = 0;
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
      let nameEnd = 0;
      while (nameEnd < inner.length && !isSpace(inner[nameEnd])) nameEnd++;
      const qname = inner.slice(0, nameEnd);
      if (!qname) throw new XmlError('empty tag name');
      const raw: [string, string][] = [];
      // Elements share their parent's scope unless they declare namespaces; then a new link holds
      // only their own declarations.
      let declarations: Map<string, string> | undefined;
      const scanned = scanAttributes(inner, nameEnd, MAX_ATTRIBUTES - attributeCount);
      attributeCount += scanned.length;
      for (const [name, text] of scanned) {
        const value = decodeEntities(text);
        if (name === 'xmlns' || name.startsWith('xmlns:')) {
          declarations ??= new Map();
          declarations.set(name === 'xmlns' ? '' : name.slice(6), value);
        } else raw.push([name, value]);
      }
      const scope = declarations ? new NamespaceScope(declarations, top.scope) : top.scope;
      let attributes = NO_ATTRIBUTES;
      let attributeNames = NO_ATTRIBUTES;
      if (raw.length > 0) {
        const values = new Map<string, string>();
        const names = new Map<string, string>();
        for (const [name, value] of raw) {
          const { ns, name: local } = resolve(name, scope, true);
          values.set(`{${ns}}${local}`, value);
          names.set(`{${ns}}${local}`, name);
        }
        attributes = values;
        attributeNames = names;
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
