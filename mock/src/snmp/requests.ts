/**
 * What the agent answers to Get, GetNext, GetBulk and Set PDUs over its objects (RFC 3416), as a real
 * agent: v2c/v3 put noSuchObject / noSuchInstance / endOfMibView in the varbind; v1 fails the PDU
 * with noSuchName at the first such varbind and never shows a counter64 (RFC 3584 §4.2.2.1). A set
 * is checked whole before anything changes: an OID that is no writable object → notWritable; a value
 * of another type than the object's → wrongType; one the param cannot hold → wrongValue.
 */
import type { ParamSpec } from '@protogen-dm/runtime';
import type { MibView, SnmpObject } from './mib.js';
import { parseOid, type Oid } from './oid.js';
import { fromWire, Tag, type WireValue } from './wire.js';

/** SNMP error-status values (RFC 3416); net-snmp maps the v2 ones down for a v1 request. */
export const ErrorStatus = {
  NoError: 0,
  NoSuchName: 2,
  GenErr: 5,
  NoAccess: 6,
  WrongType: 7,
  WrongValue: 10,
  NotWritable: 17,
} as const;

/** Upper bound of the varbinds in one GetBulk answer, whatever max-repetitions asks. */
export const MAX_BULK_VARBINDS = 1000;

export interface Varbind {
  readonly oid: string;
  readonly type: number;
  readonly value: unknown;
}

export interface Answer {
  readonly errorStatus: number;
  /** 1-based varbind the error is about; 0 for none. */
  readonly errorIndex: number;
  readonly varbinds: readonly Varbind[];
}

/** A set's effect: the param's new value. */
export interface Change {
  readonly param: ParamSpec;
  readonly value: string | number;
  /** A table cell's table and row suffix; absent for a scalar. */
  readonly cell?: { readonly table: number; readonly suffix: Oid };
}

export function answerGet(view: MibView, request: readonly Varbind[], v1: boolean): Answer {
  const varbinds: Varbind[] = [];
  for (const [index, varbind] of request.entries()) {
    const oid = parseOid(varbind.oid) ?? [];
    const object = view.exact(oid);
    if (object !== undefined && !(v1 && object.tag === Tag.Counter64)) varbinds.push(served(object));
    else if (v1) return failed(ErrorStatus.NoSuchName, index, request);
    else varbinds.push({ oid: varbind.oid, type: view.covers(oid) ? Tag.NoSuchInstance : Tag.NoSuchObject, value: null });
  }
  return { errorStatus: ErrorStatus.NoError, errorIndex: 0, varbinds };
}

export function answerGetNext(view: MibView, request: readonly Varbind[], v1: boolean): Answer {
  const varbinds: Varbind[] = [];
  for (const [index, varbind] of request.entries()) {
    const next = nextOf(view, varbind.oid, v1);
    if (next.type === Tag.EndOfMibView && v1) return failed(ErrorStatus.NoSuchName, index, request);
    varbinds.push(next);
  }
  return { errorStatus: ErrorStatus.NoError, errorIndex: 0, varbinds };
}

/** The first `nonRepeaters` varbinds once, then the others `maxRepetitions` times (ends early when all are at the end). */
export function answerGetBulk(view: MibView, request: readonly Varbind[], nonRepeaters: number, maxRepetitions: number): Answer {
  const fixed = Math.min(Math.max(nonRepeaters, 0), request.length);
  const varbinds: Varbind[] = request.slice(0, fixed).map((varbind) => nextOf(view, varbind.oid, false));
  let cursors = request.slice(fixed).map((varbind) => varbind.oid);
  const repetitions = cursors.length === 0 ? 0 : Math.min(Math.max(maxRepetitions, 0), Math.floor((MAX_BULK_VARBINDS - fixed) / cursors.length));
  for (let round = 0; round < repetitions; round += 1) {
    const row = cursors.map((oid) => nextOf(view, oid, false));
    varbinds.push(...row);
    if (row.every((varbind) => varbind.type === Tag.EndOfMibView)) break;
    cursors = row.map((varbind) => varbind.oid);
  }
  return { errorStatus: ErrorStatus.NoError, errorIndex: 0, varbinds };
}

/** Checks every varbind; the changes are for the caller to apply when the answer has no error. */
export function answerSet(view: MibView, request: readonly Varbind[], mayWrite: boolean): { answer: Answer; changes: Change[] } {
  const changes: Change[] = [];
  for (const [index, varbind] of request.entries()) {
    if (!mayWrite) return { answer: failed(ErrorStatus.NoAccess, index, request), changes: [] };
    const object = view.exact(parseOid(varbind.oid) ?? []);
    if (object === undefined || !object.writable) return { answer: failed(ErrorStatus.NotWritable, index, request), changes: [] };
    if (varbind.type !== object.tag) return { answer: failed(ErrorStatus.WrongType, index, request), changes: [] };
    const value = fromWire(object.tag, object.type, varbind.value, object.param);
    if (value === undefined || !inRange(object.param, value)) return { answer: failed(ErrorStatus.WrongValue, index, request), changes: [] };
    changes.push({ param: object.param, value, ...(object.cell !== undefined && { cell: object.cell }) });
  }
  return { answer: { errorStatus: ErrorStatus.NoError, errorIndex: 0, varbinds: request }, changes };
}

function nextOf(view: MibView, oid: string, v1: boolean): Varbind {
  const next = view.next(parseOid(oid) ?? [], (object) => !(v1 && object.tag === Tag.Counter64));
  return next === undefined ? { oid, type: Tag.EndOfMibView, value: null } : served(next);
}

function served(object: SnmpObject): { oid: string; type: number; value: WireValue } {
  return { oid: object.text, type: object.tag, value: object.value };
}

/** An error answer echoes the request's varbinds (RFC 3416 §4.2.1). */
function failed(errorStatus: number, index: number, request: readonly Varbind[]): Answer {
  return { errorStatus, errorIndex: index + 1, varbinds: request };
}

function inRange(param: ParamSpec, value: string | number): boolean {
  if (typeof value !== 'number') return true;
  return (param.low === undefined || value >= param.low) && (param.high === undefined || value <= param.high);
}
