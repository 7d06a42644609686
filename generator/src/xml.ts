/**
 * Protocol XML text → a small element tree with its source offset on every element and attribute
 * (source-lines.ts turns offsets into lines and columns when a diagnostic needs them).
 *
 * saxes is strict (any well-formedness error stops it) and tracks positions; it parses a 10 MB protocol
 * in a few hundred milliseconds, where a DOM parser takes seconds. Namespaces are not processed:
 * DataMiner files use one default namespace, so prefixes are simply dropped from element names.
 */
import { SaxesParser } from 'saxes';
import { SourceLines, type Position, type SourceOffset } from './source-lines.js';

export type { Position, SourceOffset } from './source-lines.js';

const LESS_THAN = 0x3c;
const GREATER_THAN = 0x3e;
const SLASH = 0x2f;
/** Not frozen: a frozen array among the others makes every `for…of` over children allocate. */
const noChildren: readonly XmlElement[] = [];
/** Shared by every element without attributes (most of them): fewer live objects, less GC. */
const noAttributes: Readonly<Record<string, string>> = Object.freeze({});

/**
 * One element. Readers keep `element.at`, a plain offset that does not hold the element, so the
 * elements of a read item can be collected as soon as the item is read.
 */
export class XmlElement {
  /** Local name (any prefix removed). */
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Its child elements, listed when it closes (a consumer sees those of the element it is given). */
  children: readonly XmlElement[] = noChildren;
  /**
   * Text, CDATA and entities directly inside this element, when it has no child elements (comments
   * and processing instructions left out). Protocol XML has no mixed content: the text around child
   * elements is dropped, not kept.
   */
  text = '';
  /** Offset of the element's `<` in the source text. */
  readonly offset: number;
  readonly #source: Source;

  constructor(name: string, attributes: Readonly<Record<string, string>>, offset: number, source: Source) {
    this.name = name;
    this.attributes = attributes;
    this.offset = offset;
    this.#source = source;
  }

  /** Where the element starts. */
  get at(): SourceOffset {
    return this.offset as SourceOffset;
  }

  /**
   * Where attribute `name` starts (the element's start if its tag has none by that name). The start tag
   * is walked attribute by attribute, so a `>` or a look-alike `name=` inside a quoted value is skipped
   * over; the parser has already checked that the tag is well formed.
   */
  attributeAt(name: string): SourceOffset {
    const text = this.#source.text;
    let at = nameEnd(text, this.offset + 1);
    for (;;) {
      const start = spaceEnd(text, at);
      at = nameEnd(text, start);
      if (at === start) return this.at; // `/>` or `>`: no attribute left
      if (at - start === name.length && text.startsWith(name, start)) return start as SourceOffset;
      const quote = spaceEnd(text, spaceEnd(text, at) + 1); // past the `=`
      at = text.indexOf(text.charAt(quote), quote + 1) + 1;
    }
  }
}

const TAB = 0x09;
const LINE_FEED = 0x0a;
const SPACE = 0x20;
const EQUALS = 0x3d;

const isXmlSpace = (code: number): boolean => code === SPACE || code === LINE_FEED || code === TAB || code === CARRIAGE_RETURN;

/** Where the white space starting at `at` ends. */
function spaceEnd(text: string, at: number): number {
  while (isXmlSpace(text.charCodeAt(at))) at++;
  return at;
}

/** Where the element or attribute name starting at `at` ends, in a start tag the parser found well formed. */
function nameEnd(text: string, at: number): number {
  while (!endsName(text.charCodeAt(at))) at++;
  return at;
}

/** `NaN` is past the end of the text. */
const endsName = (code: number): boolean => isXmlSpace(code) || code === EQUALS || code === SLASH || code === GREATER_THAN || Number.isNaN(code);

interface Source {
  readonly text: string;
  readonly lines: SourceLines;
}

export interface XmlDocument {
  readonly root: XmlElement;
  /** Lines and columns of the offsets the elements give. */
  readonly lines: SourceLines;
  /** Where a `<!DOCTYPE` appeared, if any (its entities are never expanded). */
  readonly doctype: Position | undefined;
}

/** A well-formedness error, positioned. */
export class XmlSyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(message: string, position: Position) {
    super(message);
    this.name = 'XmlSyntaxError';
    this.line = position.line;
    this.column = position.column;
  }
}

/** Decodes file bytes: UTF-8 or UTF-16 (by BOM), then drops any number of leading BOMs. */
export function decodeXmlBytes(bytes: Uint8Array): string {
  const first = bytes[0];
  const second = bytes[1];
  const encoding = first === 0xff && second === 0xfe ? 'utf-16le' : first === 0xfe && second === 0xff ? 'utf-16be' : 'utf-8';
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new XmlSyntaxError(`the file is not valid ${encoding.toUpperCase()} text`, { line: 1, column: 1 });
  }
  let start = 0;
  while (text.charCodeAt(start) === 0xfeff) start++;
  return start === 0 ? text : text.slice(start);
}

const localName = (name: string): string => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

/**
 * Called as each element below the root closes, with its parent, its depth (the root's children are
 * at 1) and the root (still open: the children of an element are listed when it closes). Returning
 * true means the caller has read the element: it is left out of its parent's children, so a large
 * protocol is never held as a whole tree (the reader turns each Param into a model as it closes).
 */
export type Consumer = (element: XmlElement, parent: XmlElement, depth: number, root: XmlElement) => boolean;

/** Parses XML text; throws `XmlSyntaxError` at the first well-formedness error. */
export function parseXml(text: string, consume: Consumer = () => false): XmlDocument {
  const source: Source = { text, lines: new SourceLines(text) };
  const parser = new SaxesParser({ position: true, xmlns: false });
  const stack: XmlElement[] = [];
  /** Where the text of each open element starts (just after its start tag); -1 when self-closing or it has a child element. */
  const contentStarts: number[] = [];
  /**
   * The closed children of the open elements, in document order, up to `closedCount`: each element
   * takes its own (from `childrenStarts`) when it closes, in an array of exactly their number, where
   * one grown by push would keep room for 16 more.
   */
  const closedChildren: XmlElement[] = [];
  let closedCount = 0;
  const childrenStarts: number[] = [];
  let root: XmlElement | undefined;
  let doctype: Position | undefined;
  let xml11 = false;
  // A protocol repeats a few dozen element names hundreds of thousands of times: keep one string each.
  const names = new Map<string, string>();

  parser.on('xmldecl', (declaration) => {
    xml11 = declaration.version === '1.1';
  });
  parser.on('opentag', (tag) => {
    // The parser stands just after the start tag's `>`; its `<` is the last before it, as a `<` cannot
    // occur in an attribute value (a loop of charCodeAt costs a fraction of a lastIndexOf call).
    let tagOffset = parser.position - 2;
    while (tagOffset > 0 && text.charCodeAt(tagOffset) !== LESS_THAN) tagOffset--;
    // Without namespace processing saxes gives plain string attributes. `<name>` and `<name/>` have
    // none, as the source shows (a `for…in` over saxes's attribute dictionary would be a slow path).
    const afterName = text.charCodeAt(tagOffset + 1 + tag.name.length);
    const attributes = afterName === GREATER_THAN || afterName === SLASH ? noAttributes : (tag.attributes as Record<string, string>);
    let name = names.get(tag.name);
    if (name === undefined) names.set(tag.name, (name = localName(tag.name)));
    const element = new XmlElement(name, attributes, tagOffset, source);
    if (stack.length === 0) root = element;
    // Its parent has a child element, so no text.
    else contentStarts[contentStarts.length - 1] = -1;
    stack.push(element);
    contentStarts.push(tag.isSelfClosing ? -1 : parser.position);
    childrenStarts.push(closedCount);
  });
  let lastClosed: XmlElement | undefined;
  parser.on('closetag', (tag) => {
    lastClosed = stack.pop();
    const contentStart = contentStarts.pop() ?? -1;
    const childrenStart = childrenStarts.pop() ?? closedCount;
    if (!lastClosed) return;
    if (contentStart >= 0) lastClosed.text = characterData(text, contentStart, endTagStart(text, parser.position, tag.name), xml11);
    if (closedCount > childrenStart) lastClosed.children = closedChildren.slice(childrenStart, closedCount);
    closedCount = childrenStart;
    const parent = stack[stack.length - 1];
    if (parent && root && !consume(lastClosed, parent, stack.length, root)) closedChildren[closedCount++] = lastClosed;
  });
  parser.on('doctype', () => {
    doctype = { line: parser.line, column: 1 };
  });
  parser.on('error', (error) => {
    const message = stripLocation(error.message);
    const at: Position = { line: parser.line, column: parser.column + 1 };
    throw syntaxError(message, at, source, parser.position, message.startsWith('unclosed tag') ? stack[stack.length - 1] : lastClosed);
  });

  parser.write(text).close();
  if (!root) throw new XmlSyntaxError('the document has no root element', { line: 1, column: 1 });
  return { root, doctype, lines: source.lines };
}

/** Offset of the `<` of the end tag `</name>` whose `>` ends just before `end`. */
function endTagStart(text: string, end: number, name: string): number {
  const start = end - name.length - 3;
  // `</name>`, unless there is space before the `>`.
  return text.charCodeAt(start) === LESS_THAN ? start : text.lastIndexOf('<', end - 1);
}

/**
 * The character data of a leaf element, content from `start` to `end` that saxes has checked: sliced
 * from the source, as most of it needs no decoding. Without a text handler saxes builds no string for
 * the whitespace runs between tags (one per line), which was a third of the reader's allocation.
 */
function characterData(text: string, start: number, end: number, xml11: boolean): string {
  for (let at = start; at < end; at++) {
    const code = text.charCodeAt(at);
    if (code === AMPERSAND || code === LESS_THAN || code === CARRIAGE_RETURN || (xml11 && (code === NEXT_LINE || code === LINE_SEPARATOR))) {
      return decodeCharacterData(text.slice(start, end), xml11);
    }
  }
  return text.slice(start, end);
}

const AMPERSAND = 0x26;
const CARRIAGE_RETURN = 0x0d;
const NEXT_LINE = 0x85;
const LINE_SEPARATOR = 0x2028;

/** Comments, processing instructions, CDATA sections, references and line ends, as XML 1.0 or 1.1 reads them. */
const markup10 = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|(lt|gt|amp|apos|quot));|\r\n?/g;
const markup11 = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|(lt|gt|amp|apos|quot));|\r[\n\x85]?|[\x85\u2028]/g;
const lineEnds10 = /\r\n?/g;
const lineEnds11 = /\r[\n\x85]?|[\x85\u2028]/g;
const entities: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

/**
 * Decodes what saxes would give for `content`: comments and processing instructions dropped, CDATA
 * kept as written, the five XML entities and character references replaced, every line end one `\n`
 * (a `&#13;` stays a carriage return).
 */
function decodeCharacterData(content: string, xml11: boolean): string {
  const lineEnds = xml11 ? lineEnds11 : lineEnds10;
  return content.replace(xml11 ? markup11 : markup10, (markup, cdata?: string, hex?: string, decimal?: string, entity?: string) => {
    if (cdata !== undefined) return cdata.replace(lineEnds, '\n');
    if (hex !== undefined) return String.fromCodePoint(parseInt(hex, 16));
    if (decimal !== undefined) return String.fromCodePoint(parseInt(decimal, 10));
    if (entity !== undefined) return entities[entity] as string;
    return markup.startsWith('<') ? '' : '\n';
  });
}

/**
 * saxes reports some errors far from their cause: an unescaped `&` swallows the text up to the next
 * `;` (often the end of the file), a mismatched close tag is reported after its `>`, an unclosed tag
 * at the end of the file. Point at the cause instead.
 */
function syntaxError(message: string, at: Position, source: Source, offset: number, open: XmlElement | undefined): XmlSyntaxError {
  const ampersand = bareAmpersand(source.text, offset);
  if (ampersand !== undefined) {
    return new XmlSyntaxError('"&" must be written "&amp;" (or start an entity such as "&lt;")', source.lines.position(ampersand));
  }
  if (message === 'unexpected close tag.' && open) {
    const start = source.text.lastIndexOf('</', offset - 1);
    const name = /^<\/([^\s>]*)/.exec(source.text.slice(start))?.[1] ?? '';
    const opened = source.lines.position(open.offset);
    return new XmlSyntaxError(`</${name}> does not close <${open.name}> (opened at line ${opened.line}, column ${opened.column})`, source.lines.position(start));
  }
  if (message.startsWith('unclosed tag') && open) {
    return new XmlSyntaxError(`<${open.name}> is never closed (the file ends first)`, source.lines.position(open.offset));
  }
  if (message === 'text data outside of root node.') {
    // Reported where the text ends (at the next `<` or the end of the file); point at where it starts.
    let start = source.text.lastIndexOf('>', offset - 1) + 1;
    while (start < offset && /[ \t\r\n]/.test(source.text.charAt(start))) start++;
    return new XmlSyntaxError(message, source.lines.position(start));
  }
  if (message === 'undefined entity.' || message === 'malformed character entity.') {
    // Reported after the `;`; point at the `&` and name the reference.
    const start = source.text.lastIndexOf('&', offset - 1);
    const reference = /^&[^;\s<&]{0,40};?/.exec(source.text.slice(start, start + 48))?.[0] ?? '&';
    const why = message === 'undefined entity.'
      ? 'is not one of the five XML entities (protogen never expands entities declared in a DOCTYPE)'
      : 'is not a character XML allows';
    return new XmlSyntaxError(`"${reference}" ${why}`, source.lines.position(start));
  }
  return new XmlSyntaxError(message, at);
}

/** Offset of the first `&` before `end` that starts no entity reference, outside comments and CDATA. */
function bareAmpersand(text: string, end: number): number | undefined {
  const pattern = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|&(?![A-Za-z_:][\w.:-]*;|#[0-9]+;|#x[0-9A-Fa-f]+;)/g;
  for (let match = pattern.exec(text); match && match.index < end; match = pattern.exec(text)) {
    if (match[0] === '&') return match.index;
  }
  return undefined;
}

/** saxes prefixes messages with `line:column: `; we report the position separately. */
function stripLocation(message: string): string {
  return message.replace(/^[^:]*:\d+:\d+: /, '').replace(/^\d+:\d+: /, '');
}

/** The first child named `name`, if any. */
export function child(element: XmlElement, name: string): XmlElement | undefined {
  for (const candidate of element.children) if (candidate.name === name) return candidate;
  return undefined;
}

/** All children named `name`. */
export function children(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((candidate) => candidate.name === name);
}

/** Trimmed text of the child at `path` (`'Interprete/RawType'`), or undefined when absent or empty. */
export function textAt(element: XmlElement, path: string): string | undefined {
  const target = path.includes('/') ? descend(element, path) : child(element, path);
  const text = target?.text.trim();
  return text ? text : undefined;
}

/** Paths are a handful of literals read once per param: split each once. */
const pathNames = new Map<string, readonly string[]>();

function descend(element: XmlElement, path: string): XmlElement | undefined {
  let names = pathNames.get(path);
  if (names === undefined) pathNames.set(path, (names = path.split('/')));
  let current: XmlElement | undefined = element;
  for (const name of names) current = current && child(current, name);
  return current;
}
