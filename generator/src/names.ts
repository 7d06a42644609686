/**
 * Naming rules (README "Naming"): XML names become camelCase members and PascalCase types.
 *
 * Words are split on anything that is not a letter or digit; accents are dropped (`Température` →
 * `temperature`); other characters are removed. A name that ends up empty becomes `<kind><id>`
 * (`param12`), one that starts with a digit gets the kind in front (`param2ndValue`), and one that is
 * a reserved word, a runtime member or already taken in its scope gets `_<id>` appended (`status_12`).
 * Within a scope the lowest id keeps the plain name, so the result does not depend on XML order.
 * (plan.ts names a write param that shares its Name with a read param `<name>Set` before this runs.)
 */

const reservedWords = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'implements interface let package private protected public static yield await async of get set any unknown never ' +
    'undefined NaN Infinity arguments eval constructor prototype __proto__ toString valueOf hasOwnProperty ' +
    'isPrototypeOf propertyIsEnumerable toLocaleString then'
  ).split(' '),
);

/** Members of the runtime's `Driver` base class; a pair method must not shadow them. */
export const driverMembers: ReadonlySet<string> = new Set(['connect', 'close', 'params', 'state', 'on', 'request', 'session']);

/** A scope with nothing forbidden beyond the reserved words. */
const noNames: ReadonlySet<string> = new Set();

/** Globals and imports a generated module uses; a module-level name must not shadow them. */
const moduleNames: ReadonlySet<string> = new Set(
  (
    'Driver protocolFromJson BadCommandError CallOptions ConnectionOptions DriverOptions ProtocolSpec Promise Readonly Record Partial Object Array ' +
    'String Number Boolean Symbol Error Map Set Uint8Array AbortSignal JSON Math Date'
  ).split(' '),
);

/**
 * Letters and digits an identifier keeps at most (a 20 MB `<Name>` must not make 20-million-character
 * identifiers): whole words while they fit, as file names are cut (plan.ts).
 */
export const MAX_NAME_LETTERS = 100;

/** Splits a name into ASCII words (one pass: names are converted tens of thousands of times). */
export function words(name: string): string[] {
  return foldWords(name, pushWord, []);
}

const pushWord = (found: string[], word: string): string[] => {
  found.push(word);
  return found;
};

/**
 * `step` applied to each word of `name` in order, as `words` returns them, starting from `initial`
 * (`reduce` without an array of the words; the steps are module constants, not a closure per name).
 */
function foldWords<T>(name: string, step: (sofar: T, word: string) => T, initial: T): T {
  // Decomposing is only needed for non-ASCII names, and costs more than the split on large protocols.
  const ascii = /^[\x00-\x7f]*$/.test(name) ? name : name.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  let sofar = initial;
  let letters = 0;
  let start = -1;
  for (let index = 0; index <= ascii.length; index++) {
    if (index < ascii.length && isAlphanumeric(ascii.charCodeAt(index))) {
      if (start < 0) start = index;
    } else if (start >= 0) {
      const length = index - start;
      if (letters + length > MAX_NAME_LETTERS) return letters === 0 ? step(sofar, ascii.slice(start, start + MAX_NAME_LETTERS)) : sofar;
      sofar = step(sofar, ascii.slice(start, index));
      letters += length;
      start = -1;
    }
  }
  return sofar;
}

function isCapital(code: number): boolean {
  return code >= 65 && code <= 90;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** `level` → `Level`; a word that starts with a capital or a digit is returned as it is (no copy). */
function capitalise(word: string): string {
  const code = word.charCodeAt(0);
  return code >= 97 && code <= 122 ? String.fromCharCode(code - 32) + word.slice(1) : word;
}

/** `HTTP Connection` → `httpConnection`, `WebsocketStatus` → `websocketStatus`. */
export function camelCase(name: string): string {
  return foldWords(name, appendCamel, '');
}

// The first word is never empty, so the name so far is '' only before it.
const appendCamel = (camel: string, word: string): string => (camel === '' ? lowerLeadingCapitals(word) : camel + capitalise(word));

/** `WebSocket Demo` → `WebSocketDemo`. */
export function pascalCase(name: string): string {
  return foldWords(name, appendPascal, '');
}

const appendPascal = (pascal: string, word: string): string => pascal + capitalise(word);

/** `WebSocket Demo` → `websocket-demo`. */
export function kebabCase(name: string): string {
  return words(name).map((word) => word.toLowerCase()).join('-');
}

/** `HTTP` → `http`, `HTTPServer` → `httpServer`, `Status` → `status`. */
function lowerLeadingCapitals(word: string): string {
  let run = 0;
  while (run < word.length && isCapital(word.charCodeAt(run))) run++;
  if (run === 0) return word;
  if (run <= 1 || run === word.length) return word.slice(0, Math.max(run, 1)).toLowerCase() + word.slice(Math.max(run, 1));
  return word.slice(0, run - 1).toLowerCase() + word.slice(run - 1);
}

export interface Nameable {
  readonly id: number;
  readonly name: string;
}

export type Style = 'camel' | 'pascal';

/** Names by id. `of` throws for an id that was never named: a naming bug must not emit an empty identifier. */
export class Names extends Map<number, string> {
  readonly #kind: string;

  constructor(kind: string) {
    super();
    this.#kind = kind;
  }

  of(id: number): string {
    const name = this.get(id);
    if (name === undefined) throw new Error(`protogen bug: ${this.#kind} ${id} was never named`);
    return name;
  }
}

/**
 * One naming scope (params, pairs, connections, module-level names…). Every name is registered
 * before any code is emitted, so each result is final and unique.
 */
export class NameScope {
  readonly #taken = new Set<string>();
  readonly #forbidden: ReadonlySet<string>;

  /** `forbidden` is kept, not copied: a protocol has a scope per discrete param. */
  constructor(forbidden: ReadonlySet<string> = noNames) {
    this.#forbidden = forbidden;
  }

  /** Claims a fixed name (the driver class, the params interface…); returns it made unique if taken. */
  claim(name: string, id: number): string {
    return this.#take(name, id);
  }

  /** Names every item; the lowest id keeps a contested name. Returns names by id. */
  assign(items: readonly Nameable[], kind: string, style: Style): Names {
    const names = new Names(kind);
    const order = sortedById(items);
    for (let rank = 0; rank < items.length; rank++) {
      const item = items[order?.[rank] ?? rank] as Nameable;
      names.set(item.id, this.#name(item, kind, style));
    }
    return names;
  }

  /** As `assign`, the names in the items' order: no map by id for a caller that walks the same items. */
  list(items: readonly Nameable[], kind: string, style: Style): string[] {
    const names = new Array<string>(items.length);
    const order = sortedById(items);
    for (let rank = 0; rank < items.length; rank++) {
      const index = order?.[rank] ?? rank;
      names[index] = this.#name(items[index] as Nameable, kind, style);
    }
    return names;
  }

  #name(item: Nameable, kind: string, style: Style): string {
    return this.#take(baseName(item, kind, style), item.id);
  }

  #take(base: string, id: number): string {
    let name = this.#unavailable(base) ? `${base}_${id}` : base;
    for (let n = 2; this.#unavailable(name); n++) name = `${base}_${id}_${n}`;
    this.#taken.add(name);
    return name;
  }

  #unavailable(name: string): boolean {
    return reservedWords.has(name) || this.#forbidden.has(name) || this.#taken.has(name);
  }
}

/**
 * The items' indices in id order (equal ids in list order); undefined for items already in id order,
 * as protocols list them (no index array, no sort).
 */
function sortedById(items: readonly Nameable[]): number[] | undefined {
  for (let index = 1; index < items.length; index++) {
    if ((items[index - 1] as Nameable).id > (items[index] as Nameable).id) {
      return Array.from(items, (_, position) => position).sort((a, b) => (items[a] as Nameable).id - (items[b] as Nameable).id);
    }
  }
  return undefined;
}

function baseName(item: Nameable, kind: string, style: Style): string {
  const converted = style === 'camel' ? camelCase(item.name) : pascalCase(item.name);
  // Not a RegExp test for the digit: that would flatten every joined name, tens of thousands per protocol.
  if (converted !== '' && !isDigit(converted.charCodeAt(0))) return converted;
  const prefix = style === 'camel' ? kind : capitalise(kind);
  return converted === '' ? `${prefix}${item.id}` : `${prefix}${converted}`;
}

/** A scope for module-level names (types and consts of a generated file). */
export function moduleScope(): NameScope {
  return new NameScope(moduleNames);
}
