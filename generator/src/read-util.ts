/** Small readers shared by the `read-*.ts` files: ids, numbers, references and options attributes. */
import type { DiagnosticBag } from './diagnostics.js';
import type { Reference } from './model.js';
import type { Position, XmlElement } from './xml.js';

/** Unsigned integer as the XSD writes ids: digits only, no sign, no leading zeros. */
export function parseUnsigned(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!/^(0|[1-9]\d{0,9})$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** Longest delay a timer can wait (2^31 − 1 ms); a longer one fires at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * A timeout in ms: a whole number from 1 to 2^31 − 1. Anything else (0, `abc`, a value a timer would
 * cut to 1 ms) is reported as PG0044 and left out, so the next default applies.
 */
export function readTimeout(text: string | undefined, what: string, at: Position, bag: DiagnosticBag): number | undefined {
  if (text === undefined) return undefined;
  const value = parseUnsigned(text);
  if (value !== undefined && value >= 1 && value <= MAX_TIMEOUT_MS) return value;
  bag.report('PG0044', at, `${what} "${text}" is not a timeout from 1 to ${MAX_TIMEOUT_MS} ms; the default applies`);
  return undefined;
}

/** A finite decimal number (`1.5`, `-3`, `1e3`), or undefined. */
export function parseNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (trimmed === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

export function attributePosition(element: XmlElement, name: string): Position {
  return element.attributePosition(name);
}

/** The element's `id` attribute; reports PG0011 when it is missing or not an unsigned integer. */
export function readId(element: XmlElement, kind: string, bag: DiagnosticBag): number | undefined {
  const raw = element.attributes['id'];
  const id = parseUnsigned(raw);
  if (id === undefined) {
    const at = raw === undefined ? element : attributePosition(element, 'id');
    const what = raw === undefined ? 'has no id' : `has an invalid id "${raw}"`;
    bag.report('PG0011', at, `${kind} ${what}`, 'ids are unsigned integers without sign or leading zeros');
  }
  return id;
}

/** The element's text as a reference to another object's id; reports `code` when it is not a number. */
export function readReference(element: XmlElement, what: string, bag: DiagnosticBag): Reference | undefined {
  const id = parseUnsigned(element.text);
  if (id === undefined) {
    bag.report('PG0024', element, `${what} "${element.text.trim()}" is not an id`);
    return undefined;
  }
  return { id, at: element };
}

/**
 * `options` attributes are `;`-separated; each entry is `key`, `key:value` or `key=value`.
 * Keys are compared case-insensitively (`Connection:1` and `connection:1` are both written).
 */
export function parseOptions(text: string | undefined): Map<string, string> {
  const options = new Map<string, string>();
  if (!text) return options;
  for (const entry of text.split(';')) {
    const trimmed = entry.trim();
    if (!trimmed) continue;
    const separator = trimmed.search(/[:=]/);
    const key = (separator < 0 ? trimmed : trimmed.slice(0, separator)).trim().toLowerCase();
    options.set(key, separator < 0 ? '' : trimmed.slice(separator + 1).trim());
  }
  return options;
}

/** A positioned reference from an options attribute entry such as `connection:1`. */
export function optionReference(
  element: XmlElement,
  attribute: string,
  key: string,
  bag: DiagnosticBag,
): Reference | undefined {
  const value = parseOptions(element.attributes[attribute]).get(key);
  if (value === undefined) return undefined;
  const at = attributePosition(element, attribute);
  const id = parseUnsigned(value);
  if (id === undefined) {
    bag.report('PG0030', at, `option "${key}:${value}" does not name a connection id`);
    return undefined;
  }
  return { id, at };
}
