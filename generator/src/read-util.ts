/**
 * Small readers shared by the `read-*.ts` files: ids, numbers, references and options attributes.
 * They report nothing: text they cannot read goes to `unreadable`, for the check stage to report.
 */
import { MAX_TIMER_MS } from '@protogen-dm/runtime/rules';
import type { Reference, Unreadable } from './model.js';
import type { SourceOffset } from './source-lines.js';
import type { XmlElement } from './xml.js';

/** Where readers put what they could not read. */
export type UnreadableSink = Unreadable[];

/** Unsigned integer as the XSD writes ids: digits only, no sign, no leading zeros. */
export function parseUnsigned(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!/^(0|[1-9]\d{0,9})$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * A timeout in ms: a whole number from 1 to the longest timer delay. Anything else (0, `abc`, a value a
 * timer would cut to 1 ms) is unreadable and left out, so the next default applies.
 */
export function readTimeout(text: string | undefined, what: string, at: SourceOffset, unreadable: UnreadableSink): number | undefined {
  if (text === undefined) return undefined;
  const value = parseUnsigned(text);
  if (value !== undefined && value >= 1 && value <= MAX_TIMER_MS) return value;
  unreadable.push({ expected: 'timeout', what, text, at });
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

/** The element's `id` attribute, when it is an unsigned integer. */
export function readId(element: XmlElement, kind: string, unreadable: UnreadableSink): number | undefined {
  const raw = element.attributes['id'];
  const id = parseUnsigned(raw);
  if (id === undefined) unreadable.push({ expected: 'id', what: kind, text: raw, at: raw === undefined ? element.at : element.attributeAt('id') });
  return id;
}

/**
 * The model's lists are built at their final length and its empty lists are this one array: an array
 * grown by push keeps room for 16 more items, and a large protocol's model holds tens of thousands of
 * short lists (a command's params, a pair's responses) for the rest of the run. `readonly` keeps it
 * empty; it is not frozen, as a frozen array among others makes every `for…of` over them allocate.
 */
export const noItems: readonly never[] = [];

/**
 * The text of each child `name` of `parent` as a reference (the unreadable ones left out). Counted
 * first, so that neither the list nor a filtered copy of the children is grown by push.
 */
export function readReferences(parent: XmlElement, name: string, what: string, unreadable: UnreadableSink): readonly Reference[] {
  let count = 0;
  for (const item of parent.children) if (item.name === name) count++;
  if (count === 0) return noItems;
  const references = new Array<Reference>(count);
  let read = 0;
  for (const item of parent.children) {
    const reference = item.name === name ? readReference(item, what, unreadable) : undefined;
    if (reference) references[read++] = reference;
  }
  references.length = read;
  return read === 0 ? noItems : references;
}

/** The element's text as a reference to another object's id. */
export function readReference(element: XmlElement, what: string, unreadable: UnreadableSink): Reference | undefined {
  const id = parseUnsigned(element.text);
  const at = element.at;
  if (id === undefined) {
    unreadable.push({ expected: 'reference', what, text: element.text.trim(), at });
    return undefined;
  }
  return { id, at };
}

/**
 * `model` with the fields of `rare` that are defined: most params have none of an Interprete's numbers
 * or a CRC, and an unset field is still 8 bytes in each of 20 000 objects that live to the end of the
 * run (the garbage collector copies them all). Fields are added in `rare`'s order, so that models with
 * the same facts share one shape.
 */
export function withDefined<T extends object, R extends object>(model: T, rare: R): T & Partial<R> {
  const target: T & Partial<R> = model;
  const added: Partial<R> = target;
  for (const key in rare) {
    const value = rare[key];
    if (value !== undefined) added[key] = value;
  }
  return target;
}

const commonTexts = new Map<string, string>();

/**
 * One string for each text that params repeat by the thousand (`next param`, `double`, `read`, `dB`):
 * the model lives to the end of the run, and a copy per param was over a quarter of the objects that survive
 * reading a large protocol (the garbage collector copies each survivor). Bounded, so that a long watch
 * run does not keep every text it has read.
 */
export function common<T extends string | undefined>(text: T): T {
  if (text === undefined) return text;
  const known = commonTexts.get(text);
  if (known !== undefined) return known as T;
  if (commonTexts.size >= 4096) commonTexts.clear();
  commonTexts.set(text, text);
  return text;
}

const noOptions: ReadonlyMap<string, string> = new Map();

/**
 * `options` attributes are `;`-separated; each entry is `key`, `key:value` or `key=value`.
 * Keys are compared case-insensitively (`Connection:1` and `connection:1` are both written).
 */
export function parseOptions(text: string | undefined): ReadonlyMap<string, string> {
  // Most elements have no options attribute: they share one empty map.
  if (!text) return noOptions;
  const options = new Map<string, string>();
  for (const entry of text.split(';')) {
    const trimmed = entry.trim();
    if (!trimmed) continue;
    const separator = trimmed.search(/[:=]/);
    const key = (separator < 0 ? trimmed : trimmed.slice(0, separator)).trim().toLowerCase();
    options.set(key, separator < 0 ? '' : trimmed.slice(separator + 1).trim());
  }
  return options;
}

/** A positioned connection reference from an options attribute entry such as `connection:1`; `options` is the attribute parsed. */
export function optionReference(element: XmlElement, attribute: string, options: ReadonlyMap<string, string>, key: string, unreadable: UnreadableSink): Reference | undefined {
  const value = options.get(key);
  if (value === undefined) return undefined;
  const at = element.attributeAt(attribute);
  const id = parseUnsigned(value);
  if (id === undefined) {
    unreadable.push({ expected: 'connection', what: `option "${key}:${value}"`, text: value, at });
    return undefined;
  }
  return { id, at };
}
