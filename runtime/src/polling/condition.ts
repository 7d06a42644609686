/**
 * Evaluates a parsed `Condition` against the current param values, the way DataMiner does: `empty`
 * is a value never set, a string compared with a number is converted to a number, bitwise operators
 * work on floored numbers, `AND`/`OR` on truthiness (a non-zero number or a non-empty string).
 */
import type { ConditionSpec } from './spec.js';

type Value = string | number | undefined;

/** Reads a param's current value by id. */
export type ReadParam = (id: number) => unknown;

export function conditionHolds(condition: ConditionSpec | undefined, read: ReadParam): boolean {
  return condition === undefined || truthy(evaluate(condition, read));
}

function evaluate(node: ConditionSpec, read: ReadParam): Value | boolean {
  switch (node.op) {
    case 'number':
    case 'string':
      return node.value;
    case 'param': {
      const value = read(node.id);
      return typeof value === 'string' || typeof value === 'number' ? value : undefined;
    }
    case 'empty':
      return undefined;
    case 'emptystring':
      return '';
    case 'AND':
      return truthy(evaluate(node.left, read)) && truthy(evaluate(node.right, read));
    case 'OR':
      return truthy(evaluate(node.left, read)) || truthy(evaluate(node.right, read));
    default:
      return binary(node.op, evaluate(node.left, read), evaluate(node.right, read));
  }
}

function binary(op: Exclude<ConditionSpec['op'], 'number' | 'string' | 'param' | 'empty' | 'emptystring' | 'AND' | 'OR'>, left: Value | boolean, right: Value | boolean): Value | boolean {
  if (op === '==' || op === '!=') return equal(left, right) === (op === '==');
  const a = numeric(left);
  const b = numeric(right);
  switch (op) {
    case '>': return a > b;
    case '<': return a < b;
    case '>=': return a >= b;
    case '<=': return a <= b;
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '&': return Math.floor(a) & Math.floor(b);
    case '|': return Math.floor(a) | Math.floor(b);
    case '^': return Math.floor(a) ^ Math.floor(b);
  }
}

/** `empty` equals only an unset value; a string and a number compare as numbers; two strings as text. */
function equal(left: Value | boolean, right: Value | boolean): boolean {
  if (left === undefined || right === undefined) return left === right;
  if (typeof left === 'string' && typeof right === 'string') return left === right;
  return numeric(left) === numeric(right);
}

function numeric(value: Value | boolean): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === undefined || value.trim() === '') return Number.NaN;
  return Number(value);
}

function truthy(value: Value | boolean): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  return value !== undefined && value !== '';
}
