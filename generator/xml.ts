/**
 * Protocol XML text → a small element tree with line/column on every element and attribute.
 *
 * saxes is strict (any well-formedness error stops it) and tracks positions; it parses a 10 MB protocol
 * in a few hundred milliseconds, where a DOM parser takes seconds. Namespaces are not processed:
 * DataMiner files use one default namespace, so prefixes are simply dropped from element names.
 */
import { SaxesParser } from 'saxes';

export interface Position {
  readonly line: number;
  /** 1-based, in characters. */
  readonly column: number;
}

export interface XmlElement extends Position {
  /** Local name (any prefix removed). */
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Where each attribute starts. */
  readonly attributePositions: Readonly<Record<string, Position>>;
  readonly children: XmlElement[];
  /** Text and CDATA directly inside this element, concatenated. */
  text: string;
}

export interface XmlDocument {
  readonly root: XmlElement;
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

/** Parses XML text; throws `XmlSyntaxError` at the first well-formedness error. */
export function parseXml(text: string): XmlDocument {
  const parser = new SaxesParser({ position: true, xmlns: false });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let doctype: Position | undefined;
  let tagStart: Position = { line: 1, column: 1 };
  let attributePositions: Record<string, Position> = {};

  parser.on('opentagstart', (tag) => {
    // The parser stands just after `<name`.
    tagStart = { line: parser.line, column: parser.column - tag.name.length };
    attributePositions = {};
  });
  parser.on('attribute', (attribute) => {
    // The parser stands just after the closing quote; on one line we can step back to the name.
    const width = attribute.name.length + attribute.value.length + 3;
    const column = parser.column - width + 1;
    attributePositions[attribute.name] = column >= 1 ? { line: parser.line, column } : { line: parser.line, column: 1 };
  });
  parser.on('opentag', (tag) => {
    const element: XmlElement = {
      name: localName(tag.name),
      // Without namespace processing saxes gives plain string attributes.
      attributes: tag.attributes as Record<string, string>,
      attributePositions,
      children: [],
      text: '',
      line: tagStart.line,
      column: tagStart.column,
    };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('text', (text) => {
    const current = stack[stack.length - 1];
    if (current) current.text += text;
  });
  parser.on('cdata', (cdata) => {
    const current = stack[stack.length - 1];
    if (current) current.text += cdata;
  });
  parser.on('doctype', () => {
    doctype = { line: parser.line, column: 1 };
  });
  parser.on('error', (error) => {
    throw new XmlSyntaxError(stripLocation(error.message), { line: parser.line, column: parser.column + 1 });
  });

  parser.write(text).close();
  if (!root) throw new XmlSyntaxError('the document has no root element', { line: 1, column: 1 });
  return { root, doctype };
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
  let current: XmlElement | undefined = element;
  for (const name of path.split('/')) {
    if (!current) return undefined;
    current = child(current, name);
  }
  const text = current?.text.trim();
  return text ? text : undefined;
}
