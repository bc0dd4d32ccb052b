// A small, bounded XML parser for XMP packets: elements, attributes, text, namespaces. It never
// expands DTD entities (a DOCTYPE is rejected), never recurses, caps depth, element, attribute and
// namespace-declaration counts, and reads the source in one pass: each construct is found with a
// single-character `indexOf` or a `charCodeAt` loop from where the last one ended (no copy of a tag,
// no backtracking regex, no rescan), element text is decoded only when read, and namespace scopes
// are shared between elements (a chain of small maps, never a copy per element), so a hostile packet
// costs time and memory linear in its length.
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

/** The children of every element that has none (frozen: a reader cannot add to it by mistake). */
const NO_CHILDREN: XmlElement[] = Object.freeze([]) as unknown as XmlElement[];

/** The namespace prefixes in scope at an element: its own declarations, then its ancestors'. */
export class NamespaceScope {
  constructor(
    private readonly own: ReadonlyMap<string, string> = new Map(),
    private readonly parent?: NamespaceScope,
  ) {}

  /** Element names already resolved in this scope (an element name resolves the same way throughout a scope). */
  resolved: Map<string, { ns: string; name: string }> | undefined;

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
/** Namespace declarations in a whole packet: real packets declare tens. */
const MAX_NAMESPACE_DECLARATIONS = 1_000;

// Character codes the scanner looks at.
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const BANG = 33;
const DQUOTE = 34;
const SQUOTE = 39;
const SLASH = 47;
const LT = 60;
const EQ = 61;
const GT = 62;
const QMARK = 63;

function isSpace(code: number): boolean {
  return code === SPACE || code === TAB || code === LF || code === CR;
}

/** A character no element or attribute name may contain (`"'<>=/`, whitespace). Ends a name. */
function endsName(code: number): boolean {
  return (
    isSpace(code) ||
    code === GT ||
    code === SLASH ||
    code === EQ ||
    code === DQUOTE ||
    code === SQUOTE ||
    code === LT
  );
}

/** A run of name characters (sticky, one class, greedy: no backtracking). */
const NAME_RUN = /[^\s"'<>=/]*/y;

/**
 * The index just after the run of name characters (anything but whitespace and `"'<>=/`) starting
 * at `from`: a character loop for the first 32 (real names are short; a regex call costs more than
 * that), the regex engine for the rest of a longer run (a megabyte-long "name" in a few ms).
 */
function nameEnd(source: string, from: number): number {
  const n = source.length;
  const stop = Math.min(n, from + 32);
  let p = from;
  while (p < stop && !endsName(source.charCodeAt(p))) p++;
  if (p < stop || p === n) return p;
  NAME_RUN.lastIndex = p;
  NAME_RUN.test(source);
  return NAME_RUN.lastIndex;
}

/**
 * The index of `close` (`?>`, `-->` or `]]>`) at or after `from`, or -1: single-character searches
 * for its `>` (a fast path in every engine), each checked backwards — a substring search set up per
 * call costs more than the search itself when a packet is a million tiny instructions, and a
 * comment full of `--` makes a substring search crawl.
 */
function closeOf(source: string, close: string, from: number): number {
  const back = close.length - 1;
  for (let gt = source.indexOf('>', from + back); gt >= 0; gt = source.indexOf('>', gt + 1))
    if (source.startsWith(close, gt - back)) return gt - back;
  return -1;
}

/** The five XML entities and character references (bounded lengths: no backtracking). */
const ENTITY = /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(lt|gt|amp|quot|apos));/g;

function decodeEntity(_: string, hex?: string, decimal?: string, name?: string): string {
  if (name === 'lt') return '<';
  if (name === 'gt') return '>';
  if (name === 'amp') return '&';
  if (name === 'quot') return '"';
  if (name === 'apos') return "'";
  const code = hex !== undefined ? Number.parseInt(hex, 16) : Number.parseInt(decimal!, 10);
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
}

/** `raw` (character data or an attribute value, known to hold an `&`) with its entities decoded, in one pass. */
function decodeText(raw: string): string {
  let out = '';
  let last = 0;
  ENTITY.lastIndex = 0;
  for (let match = ENTITY.exec(raw); match !== null; match = ENTITY.exec(raw)) {
    out += raw.slice(last, match.index) + decodeEntity(match[0], match[1], match[2], match[3]);
    last = ENTITY.lastIndex;
  }
  return last === 0 ? raw : out + raw.slice(last);
}

/**
 * An element as the scanner builds it. Its character data is kept as written and decoded when
 * `text` is first read — readers look at the text of a few property elements, not of every element
 * of a packet — except that a run holding an `&` is decoded before any markup that follows it, so
 * an entity never spans a comment or a child element.
 */
class Element implements XmlElement {
  /** Shared (and frozen) until the first child: most elements of a packet are leaves. */
  children: XmlElement[] = NO_CHILDREN;
  private decoded = '';
  private raw = '';
  private rawHasEntity = false;

  constructor(
    public ns: string,
    public name: string,
    public attributes: ReadonlyMap<string, string>,
    public start: number,
    public end: number,
    public scope: NamespaceScope,
    public attributeNames: ReadonlyMap<string, string>,
  ) {}

  get text(): string {
    this.flush();
    return this.decoded;
  }

  set text(value: string) {
    this.decoded = value;
    this.raw = '';
    this.rawHasEntity = false;
  }

  addChild(child: XmlElement): void {
    if (this.children === NO_CHILDREN) this.children = [child];
    else this.children.push(child);
  }

  /** Adds a run of character data as written; `hasEntity` when it holds an `&`. */
  appendRaw(run: string, hasEntity: boolean): void {
    this.raw += run;
    if (hasEntity) this.rawHasEntity = true;
  }

  /** Markup follows: the run so far is decoded now if it holds an `&`. */
  breakRun(): void {
    if (this.rawHasEntity) this.flush();
  }

  /** Adds CDATA content, which is never decoded. */
  appendLiteral(text: string): void {
    this.flush();
    this.decoded += text;
  }

  private flush(): void {
    if (!this.raw) return;
    this.decoded += this.rawHasEntity ? decodeText(this.raw) : this.raw;
    this.raw = '';
    this.rawHasEntity = false;
  }
}

/** Names and quotes in error messages are cut short: a message never copies a hostile megabyte. */
function shown(text: string): string {
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
}

interface Open {
  element: Element;
  qname: string;
  scope: NamespaceScope;
}

function resolve(qname: string, scope: NamespaceScope, isAttribute: boolean): { ns: string; name: string } {
  const colon = qname.indexOf(':');
  if (colon < 0) return { ns: isAttribute ? '' : (scope.get('') ?? ''), name: qname };
  const prefix = qname.slice(0, colon);
  const ns = prefix === 'xml' ? 'http://www.w3.org/XML/1998/namespace' : scope.get(prefix);
  if (ns === undefined) throw new XmlError(`undeclared namespace prefix ${shown(prefix)}`);
  return { ns, name: qname.slice(colon + 1) };
}

/**
 * One pass over the source: every construct is found with `indexOf` or a `charCodeAt` loop from
 * where the last one ended, and entities are decoded by a scanner that remembers the next `&`, so
 * each byte is looked at a bounded number of times whatever the input (no per-tag copy of the tag,
 * no regex, no rescan of a long attribute list, no search past the construct being read except
 * the one that ends in an error).
 */
class Scanner {
  /** The first `&` at or after the last position asked about (source.length when none). */
  private amp = -1;
  private nodes = 0;
  private attributeCount = 0;
  private declarationCount = 0;
  // Scratch for one start tag's ordinary attributes (resolved once all its declarations are known).
  private readonly rawNames: string[] = [];
  private readonly rawValues: string[] = [];

  constructor(private readonly source: string) {}

  /**
   * Whether `source[from, to)` holds an `&`. Calls come in source order, so the next `&` found is
   * kept for the following calls: each byte is searched once, however many runs there are.
   */
  private hasAmp(from: number, to: number): boolean {
    if (this.amp < from) {
      this.amp = this.source.indexOf('&', from);
      if (this.amp < 0) this.amp = this.source.length;
    }
    return this.amp < to;
  }

  /** The attribute value `source[from, to)`, entities decoded. */
  private value(from: number, to: number): string {
    const raw = this.source.slice(from, to);
    return this.hasAmp(from, to) ? decodeText(raw) : raw;
  }

  /** Adds the character data `source[from, to)` to `element`. */
  private run(element: Element, from: number, to: number): void {
    element.appendRaw(this.source.slice(from, to), this.hasAmp(from, to));
  }

  parse(): XmlElement {
    const source = this.source;
    const n = source.length;
    const root = new Element('', '#document', new Map(), 0, n, new NamespaceScope(), new Map());
    const stack: Open[] = [{ element: root, qname: '', scope: root.scope }];
    let i = 0;
    while (i < n) {
      const lt = source.charCodeAt(i) === LT ? i : source.indexOf('<', i);
      const top = stack[stack.length - 1]!;
      if (lt < 0) {
        this.run(top.element, i, n);
        break;
      }
      if (lt > i) this.run(top.element, i, lt);
      const next = source.charCodeAt(lt + 1);
      // Markup inside the element (not its end tag) ends the run: an entity cannot span it.
      if (next !== SLASH) top.element.breakRun();
      if (next === QMARK) {
        const end = closeOf(source, '?>', lt + 2);
        if (end < 0) throw new XmlError('unterminated processing instruction');
        i = end + 2;
      } else if (next === BANG) {
        if (source.startsWith('--', lt + 2)) {
          const end = closeOf(source, '-->', lt + 4);
          if (end < 0) throw new XmlError('unterminated comment');
          i = end + 3;
        } else if (source.startsWith('[CDATA[', lt + 2)) {
          const end = closeOf(source, ']]>', lt + 9);
          if (end < 0) throw new XmlError('unterminated CDATA');
          top.element.appendLiteral(source.slice(lt + 9, end));
          i = end + 3;
        } else throw new XmlError('DOCTYPE and declarations are not allowed in XMP');
      } else if (next === SLASH) {
        i = this.endTag(lt, top, stack.length);
        stack.pop();
      } else {
        i = this.startTag(lt, top, stack);
      }
    }
    if (stack.length !== 1) throw new XmlError('unclosed elements at end of packet');
    return root;
  }

  /** Reads the end tag at `lt`, which must close `top`; returns the index after it. */
  private endTag(lt: number, top: Open, depth: number): number {
    const source = this.source;
    const qname = top.qname;
    let p = lt + 2 + qname.length;
    const matches =
      depth >= 2 &&
      source.startsWith(qname, lt + 2) &&
      (p >= source.length || endsName(source.charCodeAt(p)));
    if (matches) while (p < source.length && isSpace(source.charCodeAt(p))) p++;
    if (!matches || source.charCodeAt(p) !== GT) {
      const end = source.indexOf('>', lt);
      if (end < 0) throw new XmlError('unterminated end tag');
      throw new XmlError(`mismatched end tag </${shown(source.slice(lt + 2, end).trim())}>`);
    }
    top.element.end = p + 1;
    return p + 1;
  }

  /** Reads the start tag at `lt` into a child of `top` (pushed on `stack` unless self-closing); returns the index after it. */
  private startTag(lt: number, top: Open, stack: Open[]): number {
    const source = this.source;
    const n = source.length;
    if (++this.nodes > MAX_NODES) throw new XmlError('too many elements');
    let p = nameEnd(source, lt + 1);
    const after = source.charCodeAt(p);
    if (p < n && !isSpace(after) && after !== GT && after !== SLASH)
      throw new XmlError('element names may not contain quotes, < or =');
    if (p === lt + 1) throw new XmlError('empty tag name');
    const qname = source.slice(lt + 1, p);
    const names = this.rawNames;
    const values = this.rawValues;
    names.length = 0;
    values.length = 0;
    // Elements share their parent's scope unless they declare namespaces; then a new link holds
    // only their own declarations.
    let declarations: Map<string, string> | undefined;
    let selfClosing = false;
    for (;;) {
      const spaced = p;
      while (p < n && isSpace(source.charCodeAt(p))) p++;
      if (p >= n) throw new XmlError('unterminated start tag');
      const c = source.charCodeAt(p);
      if (c === GT) break;
      if (c === SLASH) {
        if (source.charCodeAt(p + 1) !== GT) throw new XmlError('malformed start tag');
        selfClosing = true;
        p++;
        break;
      }
      if (p === spaced) throw new XmlError('attributes must be separated by whitespace');
      const nameStart = p;
      const nameStop = nameEnd(source, p);
      p = nameStop;
      if (nameStop === nameStart) {
        const bad = source.charCodeAt(p);
        throw new XmlError(
          bad === DQUOTE || bad === SQUOTE || bad === LT
            ? 'attribute names may not contain quotes or <'
            : 'malformed attribute',
        );
      }
      while (p < n && isSpace(source.charCodeAt(p))) p++;
      if (source.charCodeAt(p) !== EQ) throw new XmlError('malformed attribute');
      p++;
      while (p < n && isSpace(source.charCodeAt(p))) p++;
      const quote = source.charCodeAt(p);
      if (quote !== DQUOTE && quote !== SQUOTE) throw new XmlError('attribute value without quotes');
      const close = source.indexOf(quote === DQUOTE ? '"' : "'", p + 1);
      if (close < 0) throw new XmlError('unterminated attribute value');
      if (++this.attributeCount > MAX_ATTRIBUTES) throw new XmlError('too many attributes');
      const value = this.value(p + 1, close);
      p = close + 1;
      if (
        source.startsWith('xmlns', nameStart) &&
        (nameStop === nameStart + 5 || source.charCodeAt(nameStart + 5) === 58)
      ) {
        if (++this.declarationCount > MAX_NAMESPACE_DECLARATIONS)
          throw new XmlError('too many namespace declarations');
        declarations ??= new Map();
        declarations.set(nameStop === nameStart + 5 ? '' : source.slice(nameStart + 6, nameStop), value);
      } else {
        names.push(source.slice(nameStart, nameStop));
        values.push(value);
      }
    }
    const end = p;
    const scope = declarations ? new NamespaceScope(declarations, top.scope) : top.scope;
    let attributes = NO_ATTRIBUTES;
    let attributeNames = NO_ATTRIBUTES;
    if (names.length > 0) {
      const resolvedValues = new Map<string, string>();
      const resolvedNames = new Map<string, string>();
      for (let k = 0; k < names.length; k++) {
        const { ns, name: local } = resolve(names[k]!, scope, true);
        const key = `{${ns}}${local}`;
        resolvedValues.set(key, values[k]!);
        resolvedNames.set(key, names[k]!);
      }
      attributes = resolvedValues;
      attributeNames = resolvedNames;
    }
    let resolvedName = scope.resolved?.get(qname);
    if (!resolvedName) {
      resolvedName = resolve(qname, scope, false);
      // Bounded: one entry per distinct name, and names are bounded by the element count.
      scope.resolved ??= new Map();
      scope.resolved.set(qname, resolvedName);
    }
    const { ns, name } = resolvedName;
    const element = new Element(ns, name, attributes, lt, end + 1, scope, attributeNames);
    top.element.addChild(element);
    if (!selfClosing) {
      if (stack.length > MAX_DEPTH) throw new XmlError('elements nested too deeply');
      stack.push({ element, qname, scope });
    }
    return end + 1;
  }
}

/** Parses an XML document and returns its root element. Throws `XmlError`. */
export function parseXml(source: string): XmlElement {
  return new Scanner(source).parse();
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
