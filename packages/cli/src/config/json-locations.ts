/** Where a value sits in a JSON text: 1-based line and column. */
export interface Location {
  line: number;
  column: number;
}

/**
 * Maps every value's path (`provider`, `middleware[1].maxRetries`, as core's `formatPath` writes it)
 * to where it starts in `text`; for an object member, where its key starts (the line a reader looks
 * for). `text` must be valid JSON (call after `JSON.parse` succeeded).
 */
export function jsonLocations(text: string): Map<string, Location> {
  const offsets = new Map<string, number>();
  let i = 0;
  const skip = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const readString = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string): void => {
    skip();
    if (!offsets.has(path)) offsets.set(path, i);
    const char = text[i];
    if (char === '{') {
      i++;
      skip();
      while (text[i] !== '}' && i < text.length) {
        skip();
        const keyStart = i;
        const key = readString();
        const child = path ? `${path}.${key}` : key;
        offsets.set(child, keyStart);
        skip();
        i++; // ':'
        value(child);
        skip();
        if (text[i] === ',') i++;
        skip();
      }
      i++;
    } else if (char === '[') {
      i++;
      let index = 0;
      skip();
      while (text[i] !== ']' && i < text.length) {
        value(`${path}[${index++}]`);
        skip();
        if (text[i] === ',') i++;
        skip();
      }
      i++;
    } else if (char === '"') {
      readString();
    } else {
      while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
    }
  };
  value('');
  const out = new Map<string, Location>();
  for (const [path, offset] of offsets) out.set(path, lineColumn(text, offset));
  return out;
}

/** The 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): Location {
  let line = 1;
  let lineStart = 0;
  for (let j = 0; j < offset && j < text.length; j++) {
    if (text[j] === '\n') {
      line++;
      lineStart = j + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The location of `path`, or of its nearest parent that has one. */
export function locate(locations: Map<string, Location>, path: string): Location | undefined {
  let current = path;
  for (;;) {
    const found = locations.get(current);
    if (found) return found;
    if (!current) return undefined;
    const cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['));
    current = cut <= 0 ? '' : current.slice(0, cut);
  }
}
