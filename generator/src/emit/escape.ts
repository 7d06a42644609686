/**
 * The only two ways XML text enters generated code: as a string literal or as comment text.
 * Both are safe for any input: nothing can close the literal or the comment, start a new line of
 * code, or hide code from a reader (bidi controls are written as visible escapes).
 */

import { controls, invisible, unicodeEscape } from '../visible-text.js';

/** Characters a reader could be misled by, and those that end a literal. */
const unsafeInLiteral = new RegExp(`[${controls}'\\\\${invisible}]`, 'g');

/** `it's` → `'it\'s'`: a single-quoted TypeScript string literal; non-printing characters escaped. */
export function tsString(text: string): string {
  return `'${text.replace(unsafeInLiteral, escapeChar)}'`;
}

function escapeChar(char: string): string {
  if (char === "'") return "\\'";
  if (char === '\\') return '\\\\';
  if (char === '\n') return '\\n';
  if (char === '\r') return '\\r';
  if (char === '\t') return '\\t';
  return unicodeEscape(char);
}

/** What a template literal cannot hold as it is, or a reader must see escaped. */
const needsTemplateEscape = new RegExp(`[\\\\\`$\\u007f-\\u009f${invisible}]`);
/** Characters JSON.stringify leaves as they are but a reader must see: C1 controls, line separators, bidi controls. */
const invisibleInJson = new RegExp(`[\\u007f-\\u009f${invisible}]`, 'g');

/**
 * A value as JSON text for the inside of a template literal: JSON escapes quotes and controls, then
 * `\`, a backtick and `${` are escaped so the template's value is exactly the JSON text.
 */
export function jsonInTemplate(value: unknown): string {
  const json = JSON.stringify(value);
  if (!needsTemplateEscape.test(json)) return json;
  const visible = json.replace(invisibleInJson, unicodeEscape);
  return visible.replace(/[\\`]|\$\{/g, (match) => `\\${match}`);
}

const needsCommentEscape = new RegExp(`[${controls}${invisible}@]|\\*/`);
/** As `controls`, but tab and newline are handled apart. */
const unsafeInComment = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f${invisible}]`, 'g');

/**
 * Text for a JSDoc line: a star-slash cannot end the comment, `@` cannot start a tag, and invisible or
 * line-breaking characters are shown as `\uXXXX`. Newlines split into separate lines.
 */
function escapedDocLines(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) =>
      line
        .replace(unsafeInComment, unicodeEscape)
        .replace(/\*\//g, '*\\/')
        .replace(/@/g, '\\@')
        .replace(/\t/g, ' ')
        .trimEnd(),
    );
}

/** A JSDoc block at `indent` from lines of (unescaped) text; blank input lines are dropped at the ends. */
export function jsDoc(lines: readonly string[], indent = ''): string {
  const body: string[] = [];
  // Most text needs no escaping: checking once is much cheaper than five replaces, and an array per line.
  for (const line of lines) {
    if (needsCommentEscape.test(line)) body.push(...escapedDocLines(line));
    else body.push(line.trimEnd());
  }
  let first = 0;
  let last = body.length - 1;
  while (first <= last && body[first] === '') first++;
  while (last >= first && body[last] === '') last--;
  if (first === last) return `${indent}/** ${body[first]} */`;
  let doc = `${indent}/**`;
  for (let index = first; index <= last; index++) doc += body[index] ? `\n${indent} * ${body[index]}` : `\n${indent} *`;
  return `${doc}\n${indent} */`;
}
