/**
 * `Condition` text → a `ConditionSpec` tree, by a small hand-written recursive-descent parser.
 *
 *   `id:12 == 1 AND (id:13 & 4) != 0` → { op: 'AND', left: { op: '==', … }, right: { op: '!=', … } }
 *
 * Operands: `id:N`, `"text"`, `empty`, `emptystring`, numbers; operators, loosest first: `OR`, `AND`,
 * `== !=`, `> < >= <=`, `|`, `^`, `&`, `+ -`, `* /`; parentheses. `AND`/`OR` are words (any case).
 */
import type { BinaryOperator, ConditionSpec } from '@protogen-dm/runtime';

export type ParsedCondition = { readonly ok: true; readonly tree: ConditionSpec } | { readonly ok: false; readonly error: string };

/** Operator levels, loosest first. */
const levels: readonly (readonly BinaryOperator[])[] = [['OR'], ['AND'], ['==', '!='], ['>=', '<=', '>', '<'], ['|'], ['^'], ['&'], ['+', '-'], ['*', '/']];

type Token = { readonly kind: 'operand'; readonly node: ConditionSpec; readonly at: number } | { readonly kind: 'op' | '(' | ')'; readonly text: string; readonly at: number };

/** Longest condition read: a longer text is refused rather than parsed with unbounded recursion. */
const MAX_CONDITION = 10_000;

export function parseCondition(text: string): ParsedCondition {
  if (text.length > MAX_CONDITION) return { ok: false, error: `longer than ${MAX_CONDITION} characters` };
  const tokens = tokenize(text);
  if (typeof tokens === 'string') return { ok: false, error: tokens };
  if (tokens.length === 0) return { ok: false, error: 'it is empty' };
  const parser = new Parser(tokens);
  try {
    const tree = parser.expression(0);
    parser.end();
    return { ok: true, tree };
  } catch (error) {
    if (error instanceof ConditionError) return { ok: false, error: error.message };
    throw error;
  }
}

/** Param ids an expression reads. */
export function conditionParams(tree: ConditionSpec): number[] {
  if (tree.op === 'param') return [tree.id];
  if ('left' in tree) return [...conditionParams(tree.left), ...conditionParams(tree.right)];
  return [];
}

class ConditionError extends Error {}

/** Nesting deeper than this (parentheses) is refused. */
const MAX_DEPTH = 100;

class Parser {
  readonly #tokens: readonly Token[];
  #next = 0;
  #depth = 0;

  constructor(tokens: readonly Token[]) {
    this.#tokens = tokens;
  }

  expression(level: number): ConditionSpec {
    if (level === levels.length) return this.#operand();
    let left = this.expression(level + 1);
    for (let token = this.#tokens[this.#next]; token?.kind === 'op' && (levels[level] as readonly string[]).includes(token.text); token = this.#tokens[this.#next]) {
      this.#next++;
      left = { op: token.text as BinaryOperator, left, right: this.expression(level + 1) };
    }
    return left;
  }

  end(): void {
    const token = this.#tokens[this.#next];
    if (token) throw new ConditionError(`unexpected ${describe(token)} at character ${token.at + 1}`);
  }

  #operand(): ConditionSpec {
    const token = this.#tokens[this.#next++];
    if (token === undefined) throw new ConditionError('it ends where a value was expected');
    if (token.kind === 'operand') return token.node;
    if (token.kind !== '(') throw new ConditionError(`expected a value at character ${token.at + 1}, found ${describe(token)}`);
    if (++this.#depth > MAX_DEPTH) throw new ConditionError(`parentheses nest deeper than ${MAX_DEPTH}`);
    const inner = this.expression(0);
    this.#depth--;
    if (this.#tokens[this.#next++]?.kind !== ')') throw new ConditionError(`a "(" at character ${token.at + 1} is not closed`);
    return inner;
  }
}

function describe(token: Token): string {
  return token.kind === 'operand' ? 'a value' : `"${token.text}"`;
}

const operatorPattern = /^(==|!=|>=|<=|>|<|\+|-|\*|\/|&|\||\^)/;

function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const rest = text.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    const word = /^(id:\d+|[A-Za-z]+|\d+(\.\d+)?|"[^"]*")/i.exec(rest);
    // A minus right after an operator or at the start is a sign: `id:1 > -5`.
    const signed = /^-\d+(\.\d+)?/.exec(rest);
    if (signed && (tokens.length === 0 || tokens[tokens.length - 1]?.kind === 'op' || tokens[tokens.length - 1]?.kind === '(')) {
      tokens.push({ kind: 'operand', node: { op: 'number', value: Number(signed[0]) }, at });
      at += signed[0].length;
    } else if (word) {
      const token = wordToken(word[0], at);
      if (token === undefined) return `"${word[0]}" at character ${at + 1} is not a value or an operator`;
      tokens.push(token);
      at += word[0].length;
    } else if (rest[0] === '(' || rest[0] === ')') {
      tokens.push({ kind: rest[0], text: rest[0], at });
      at += 1;
    } else {
      const operator = operatorPattern.exec(rest);
      if (!operator) return `"${rest[0] ?? ''}" at character ${at + 1} is not a value or an operator`;
      tokens.push({ kind: 'op', text: operator[0], at });
      at += operator[0].length;
    }
  }
  return tokens;
}

function wordToken(word: string, at: number): Token | undefined {
  const lower = word.toLowerCase();
  if (lower.startsWith('id:')) return { kind: 'operand', node: { op: 'param', id: Number(word.slice(3)) }, at };
  if (word.startsWith('"')) return { kind: 'operand', node: { op: 'string', value: word.slice(1, -1) }, at };
  if (/^\d/.test(word)) return { kind: 'operand', node: { op: 'number', value: Number(word) }, at };
  if (lower === 'and' || lower === 'or') return { kind: 'op', text: lower.toUpperCase(), at };
  if (lower === 'empty') return { kind: 'operand', node: { op: 'empty' }, at };
  if (lower === 'emptystring') return { kind: 'operand', node: { op: 'emptystring' }, at };
  return undefined;
}
