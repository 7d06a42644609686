/**
 * `numeric text`: a number written as ASCII characters, in `Base` 2–36 (default 10).
 *
 * Parsing rules (our choice where the DataMiner docs are silent; the docs allow 0-9 + - . , e/E space
 * and letters for bases above 10):
 * - leading and trailing spaces are ignored; an optional `+` or `-` sign comes first;
 * - base 10: digits with at most one decimal separator, `.` or `,` (both mean the decimal point; there
 *   is no thousands separator), then an optional exponent `e`/`E` [sign] digits; at least one mantissa
 *   digit (`5.`, `.5`, `-1,25`, `1e3` are numbers; `.`, `1.2.3`, `1 000`, `0x1F` are not);
 * - other bases: integer digits only, letters either case (`1f`/`1F` in base 16); no fraction or
 *   exponent (in base 16 `e` is a digit). Values beyond 2^53 are approximate.
 *
 * Formatting: base 10 is JavaScript's shortest round-trip form (`String(n)`, `.` as decimal point,
 * exponent form for very large/small magnitudes, which the parser accepts back); other bases need an
 * integer and use upper-case digits (`0x1F` → `1F`), common for hex checksums. A fixed length is
 * reached with leading zeros after the sign (`-12` in 5 → `-0012`).
 */

const SPACE = 0x20;
const PLUS = 0x2b;
const MINUS = 0x2d;
const DOT = 0x2e;
const COMMA = 0x2c;

/** Digit value of an ASCII byte in bases up to 36, or 99 for a non-digit. */
const digitValue = new Uint8Array(256).fill(99);
for (let d = 0; d < 10; d++) digitValue[0x30 + d] = d;
for (let d = 0; d < 26; d++) {
  digitValue[0x41 + d] = 10 + d;
  digitValue[0x61 + d] = 10 + d;
}

/** True when bytes[start, end) hold nothing but spaces (an empty numeric field). */
export function isBlank(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== SPACE) return false;
  return true;
}

/** 10^k for k ≤ 15: exact doubles, so integer / POW10[k] is correctly rounded. */
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * Parses numeric text in `base`; NaN when the bytes are not a number (including blank input).
 * The common case — sign, at most 15 decimal digits, one decimal separator — is computed without
 * building a string: both the integer and 10^fraction are exact, so one division gives the same
 * correctly rounded double as `Number(text)`.
 */
export function parseNumericText(bytes: Uint8Array, start: number, end: number, base: number): number {
  let from = start;
  let to = end;
  while (from < to && bytes[from] === SPACE) from++;
  while (to > from && bytes[to - 1] === SPACE) to--;
  let i = from;
  const sign = bytes[i] === MINUS ? -1 : 1;
  if (bytes[i] === MINUS || bytes[i] === PLUS) i++;
  let value = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < to; i++) {
    const byte = bytes[i] ?? 0;
    const d = digitValue[byte] ?? 99;
    if (d < base) {
      value = value * base + d;
      digits++;
      if (fraction >= 0) fraction++;
    } else if (base === 10 && fraction < 0 && (byte === DOT || byte === COMMA)) {
      fraction = 0;
    } else {
      break;
    }
  }
  if (i === to && digits > 0 && (base !== 10 || digits <= 15)) {
    return sign * (fraction > 0 ? value / (POW10[fraction] ?? 1) : value);
  }
  return base === 10 ? slowDecimal(bytes, from, to) : Number.NaN;
}

/** Validates the full base-10 grammar (exponents, long mantissas) and lets `Number` convert. */
function slowDecimal(bytes: Uint8Array, from: number, to: number): number {
  let i = from;
  let text = '';
  if (bytes[i] === MINUS || bytes[i] === PLUS) text += String.fromCharCode(bytes[i++] ?? 0);
  let mantissaDigits = 0;
  let separators = 0;
  for (; i < to; i++) {
    const byte = bytes[i] ?? 0;
    if (byte >= 0x30 && byte <= 0x39) mantissaDigits++;
    else if (byte === DOT || byte === COMMA) separators++;
    else break;
    text += byte === COMMA ? '.' : String.fromCharCode(byte);
  }
  if (mantissaDigits === 0 || separators > 1) return Number.NaN;
  if (i < to) {
    if (bytes[i] !== 0x65 && bytes[i] !== 0x45) return Number.NaN;
    text += 'e';
    i++;
    if (bytes[i] === MINUS || bytes[i] === PLUS) text += String.fromCharCode(bytes[i++] ?? 0);
    const exponentStart = i;
    for (; i < to && (bytes[i] ?? 0) >= 0x30 && (bytes[i] ?? 0) <= 0x39; i++) text += String.fromCharCode(bytes[i] ?? 0);
    if (i === exponentStart || i < to) return Number.NaN;
  }
  return Number(text);
}

/**
 * Formats a number as numeric text in `base`, left-padded with zeros to `length` characters.
 * @throws RangeError for a non-finite number, a non-integer in a base other than 10, or a result
 *   longer than `length`.
 */
export function formatNumericText(value: number, base: number, length: number | undefined): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite number`);
  if (base !== 10 && !Number.isInteger(value)) throw new RangeError(`${value} is not an integer (base ${base})`);
  const magnitude = base === 10 ? String(Math.abs(value)) : Math.abs(value).toString(base).toUpperCase();
  return padNumber(value < 0 ? '-' : '', magnitude, length);
}

/**
 * Left-pads numeric text (sign kept in front) with `0` to `length` characters.
 * @throws RangeError when the text is longer than `length`.
 */
export function padNumericText(text: string, length: number | undefined): string {
  const signed = text.startsWith('-') || text.startsWith('+');
  return padNumber(signed ? text.slice(0, 1) : '', signed ? text.slice(1) : text, length);
}

function padNumber(sign: string, magnitude: string, length: number | undefined): string {
  if (length === undefined) return sign + magnitude;
  const width = length - sign.length;
  if (magnitude.length > width) {
    throw new RangeError(`${sign}${magnitude} does not fit ${length} character${length === 1 ? '' : 's'} of numeric text`);
  }
  return sign + magnitude.padStart(width, '0');
}
