/**
 * Scalar reads: one GetRequest PDU for one param or for several (`multipleGet`), as DataMiner does.
 * v1 is all or nothing: an agent that lacks one OID answers noSuchName for the whole PDU, so the call
 * rejects with SnmpError and no param is updated (also when a v1 agent answers with v2 exceptions). v2c/v3 answer per varbind: a `noSuchObject` or
 * `noSuchInstance` leaves that param as it was, the others are updated, and the call rejects with an
 * SnmpError whose `keys` are the params that got no value (so a resolved `getMany` always has every key).
 */
import { SnmpError } from '../errors.js';
import type { ParamSpec } from '../spec.js';
import { decodeValue, exceptionOf, type WireVarbind } from './codec.js';
import type { Exchange, SnmpSession } from './session.js';
import type { SnmpParamSpec } from './spec.js';

/** A scalar param ready to read: its spec, its param and its OID with any wildcard filled in. */
export interface Scalar {
  readonly snmp: SnmpParamSpec;
  readonly param: ParamSpec;
  readonly oid: string;
}

/** Stores a value read from the agent in `driver.params` (listeners fire). */
export type Store = (key: string, value: string | number) => void;

/** Reads `scalars` in one PDU; resolves with their values by key. */
export async function readScalars(session: SnmpSession, exchange: Exchange, scalars: readonly Scalar[], store: Store): Promise<Record<string, string | number>> {
  const varbinds = (await session.request({ type: 'get', oids: scalars.map((scalar) => scalar.oid) }, exchange)) as WireVarbind[];
  const values: Record<string, string | number> = {};
  const missing: Scalar[] = [];
  let status: string | undefined;
  scalars.forEach((scalar, index) => {
    const varbind = varbinds[index];
    const exception = varbind === undefined ? 'noSuchObject' : exceptionOf(varbind);
    const value = varbind === undefined || exception !== undefined ? undefined : decodeValue(varbind, scalar.param, scalar.snmp.type);
    if (value !== undefined) values[scalar.param.key] = value;
    else {
      missing.push(scalar);
      status ??= exception ?? 'wrongType';
    }
  });
  const v1 = session.target.version === 'v1';
  // v1 semantics even from an agent that answers a v1 request with v2 exceptions.
  if (status !== undefined && v1) throw new SnmpError(exchange.connection, 'noSuchName', missing[0]?.oid, missing.map((scalar) => scalar.param.key));
  for (const [key, value] of Object.entries(values)) store(key, value);
  if (status !== undefined) throw new SnmpError(exchange.connection, status, missing.length === 1 ? missing[0]?.oid : undefined, missing.map((scalar) => scalar.param.key));
  return values;
}
