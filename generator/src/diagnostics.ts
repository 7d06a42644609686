/**
 * Diagnostics: stable codes, one severity each, always positioned at the XML element or attribute
 * they are about. Printed as `file:line:col: severity PGnnnn: message` (clickable in editors and CI).
 */
import { controls, invisible, unicodeEscape } from './visible-text.js';
import type { Position, SourceLines, SourceOffset } from './source-lines.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** What to do about it, when that is not obvious. */
  readonly hint?: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Every code protogen reports. Codes never change meaning; retired codes are never reused. */
export const codes = {
  PG0001: { severity: 'error', title: 'not well-formed XML' },
  PG0002: { severity: 'error', title: 'the root element is not Protocol' },
  PG0003: { severity: 'warning', title: 'DOCTYPE ignored (entities are never expanded)' },
  PG0004: { severity: 'warning', title: 'unexpected XML namespace' },
  PG0005: { severity: 'warning', title: 'the protocol has no Name' },
  PG0006: { severity: 'error', title: 'the file cannot be read' },
  PG0007: { severity: 'error', title: 'two protocols generate the same file' },
  PG0008: { severity: 'error', title: 'the output file was not written by protogen' },
  PG0010: { severity: 'error', title: 'duplicate id' },
  PG0011: { severity: 'error', title: 'missing or invalid id' },
  PG0012: { severity: 'warning', title: 'param id outside the allowed ranges' },
  PG0013: { severity: 'warning', title: 'an element the schema does not know there' },
  PG0014: { severity: 'warning', title: 'a value the schema does not allow' },
  PG0015: { severity: 'warning', title: 'duplicate name' },
  PG0020: { severity: 'error', title: 'a pair names a missing command' },
  PG0021: { severity: 'error', title: 'a pair names a missing response' },
  PG0022: { severity: 'error', title: 'a pair has no command' },
  PG0023: { severity: 'error', title: 'a command or response names a missing param' },
  PG0024: { severity: 'error', title: 'an element names a missing param' },
  PG0030: { severity: 'error', title: 'a connection option names no connection' },
  PG0031: { severity: 'error', title: 'NotifyConnectionPIDs names no param' },
  PG0032: { severity: 'error', title: 'WebSocketHandshake names no HTTP session' },
  PG0033: { severity: 'warning', title: 'a pair runs on a connection protogen does not drive' },
  PG0034: { severity: 'warning', title: 'the protocol has no connection protogen drives' },
  PG0035: { severity: 'error', title: 'a dynamic ip param names no connection protogen drives' },
  PG0036: { severity: 'error', title: 'invalid handshake session' },
  PG0037: { severity: 'error', title: 'invalid HTTP session' },
  PG0038: { severity: 'warning', title: 'an HTTP request DataMiner sends differently than written' },
  PG0040: { severity: 'error', title: 'a value the runtime cannot encode or decode' },
  PG0041: { severity: 'error', title: 'a constant param has no usable Value' },
  PG0042: { severity: 'error', title: 'unsupported checksum type' },
  PG0043: { severity: 'warning', title: 'a discrete value does not fit the param type' },
  PG0044: { severity: 'warning', title: 'invalid number' },
  PG0045: { severity: 'warning', title: 'a setting the runtime does not apply' },
  PG0046: { severity: 'warning', title: 'a fixed Value longer or shorter than its Length' },
  PG0050: { severity: 'info', title: 'a construct protogen does not reproduce' },
  PG0060: { severity: 'error', title: 'a timer, group, trigger or action names a missing item' },
  PG0061: { severity: 'error', title: 'a Condition does not parse' },
  PG0070: { severity: 'error', title: 'an SNMP OID or setBindings entry that is not one' },
  PG0071: { severity: 'warning', title: 'an SNMP column OID on a param no table lists' },
  PG0072: { severity: 'warning', title: 'an SNMP set on a param that is not a write param' },
  PG0073: { severity: 'warning', title: 'an SNMP Type that is not one' },
} as const satisfies Record<string, { severity: Severity; title: string }>;

export type Code = keyof typeof codes;

/** Longest message kept whole; a longer one (a 10 MB name quoted from the XML) keeps its start and end. */
const MAX_MESSAGE = 1000;
/** Controls, line breaks and bidi characters: quoted XML text must not start a new line or reorder one. */
const unprintable = new RegExp(`[${controls}${invisible}]`, 'g');

/**
 * A message as one line of visible text. Messages quote XML text (ids, names, values), which may hold
 * newlines that would forge a `file:line:col` line of their own, or terminal and bidi controls.
 */
function printable(message: string): string {
  const escaped = message.replace(unprintable, unicodeEscape);
  if (escaped.length <= MAX_MESSAGE) return escaped;
  let head = MAX_MESSAGE / 2;
  let tail = escaped.length - MAX_MESSAGE / 2;
  // Never cut a surrogate pair in half.
  if (/[\udc00-\udfff]/.test(escaped.charAt(head))) head--;
  if (/[\udc00-\udfff]/.test(escaped.charAt(tail))) tail--;
  return `${escaped.slice(0, head)} … (${tail - head} characters) … ${escaped.slice(tail)}`;
}

/** Collects the diagnostics of one input file. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];
  readonly #file: string;
  readonly #lines: SourceLines | undefined;

  /** `lines` places the offsets of the file's model; without it, only line and column positions are taken. */
  constructor(file: string, lines?: SourceLines) {
    this.#file = file;
    this.#lines = lines;
  }

  /** `at`: an offset into the file's text (a model node's), or a line and column (a file-level error). */
  report(code: Code, at: SourceOffset | Position, message: string, hint?: string): void {
    const { line, column } = typeof at === 'number' ? this.#place(at) : at;
    const base = { code, severity: codes[code].severity, message: printable(message), file: this.#file, line, column };
    this.items.push(hint === undefined ? base : { ...base, hint });
  }

  #place(offset: SourceOffset): Position {
    if (!this.#lines) throw new Error(`protogen bug: offset ${offset} reported without the text of ${this.#file}`);
    return this.#lines.position(offset);
  }

  get hasErrors(): boolean {
    return this.items.some((item) => item.severity === 'error');
  }
}

/** `file:line:col: severity PGnnnn: message`, plus an indented hint line. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const head = `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}: ${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}`;
  return diagnostic.hint === undefined ? head : `${head}\n  ${diagnostic.hint}`;
}

/** Orders diagnostics by file, position, then code, so output is stable. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code),
  );
}
