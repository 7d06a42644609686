/**
 * Characters a reader could be misled by, and the one way they are shown: as a `\uXXXX` escape. Used
 * by diagnostics (messages quote XML text) and by the emitters (string literals, JSON, comments).
 *
 *   'a\u202eb' (a right-to-left override) → the six visible characters `\u202e`
 */

/** Line and paragraph separators, bidi marks, overrides and isolates, the BOM: invisible but not inert. */
export const invisible = '\\u2028\\u2029\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ufeff';
/** C0 and C1 controls, DEL included. */
export const controls = '\\u0000-\\u001f\\u007f-\\u009f';

/** `\u202e` for U+202E. */
export function unicodeEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
