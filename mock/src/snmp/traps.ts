/**
 * The trap a trap receiver param stands for, as a device sends it: its TrapOID (a wildcard filled
 * with `1`) and one binding per `setBindings` position, carrying the bound param's value; bindings
 * named by OID come after, at that OID. Positions count the trap's own bindings, after the
 * sysUpTime.0 and snmpTrapOID.0 that every v2c/v3 trap starts with.
 *
 *   <TrapOID type="wildcard" setBindings="1,200;2,201">1.3.6.1.4.1.64999.7.0.*</TrapOID>
 *   → trap 1.3.6.1.4.1.64999.7.0.1, bindings ….7.0.1.1 = value of 200, ….7.0.1.2 = value of 201
 */
import type { ParamSpec, SnmpTrapSpec } from '@protogen-dm/runtime';
import { parseOid } from './oid.js';
import { Tag, toWire, type WireValue } from './wire.js';

/** A lone `*` receives any trap: the mock sends coldStart. */
const ANY_TRAP_OID = '1.3.6.1.6.3.1.1.5.1';

export interface TrapBinding {
  readonly oid: string;
  readonly type: number;
  readonly value: WireValue;
}

/** The OID a trap of this receiver is sent with. */
export function trapOid(trap: SnmpTrapSpec): string {
  if (trap.oid === '*') return ANY_TRAP_OID;
  return trap.oid.replace(/\.?\*$/, (wildcard) => (wildcard.startsWith('.') ? '.1' : '1'));
}

/** The bindings, each param's value from `valueOf`; unbound positions before the last carry an empty string. */
export function trapBindings(trap: SnmpTrapSpec, oid: string, params: ReadonlyMap<number, ParamSpec>, valueOf: (param: ParamSpec) => string | number): TrapBinding[] {
  const positions = trap.bindings.flatMap((binding) => (typeof binding.binding === 'number' ? [binding.binding] : []));
  const last = Math.max(0, ...positions);
  const bindings: TrapBinding[] = [];
  for (let position = 1; position <= last; position += 1) {
    const bound = trap.bindings.find((binding) => binding.binding === position);
    const param = bound === undefined ? undefined : params.get(bound.param);
    bindings.push(param === undefined ? { oid: `${oid}.${position}`, type: Tag.OctetString, value: Buffer.alloc(0) } : binding(`${oid}.${position}`, param, bound?.as, valueOf(param)));
  }
  for (const bound of trap.bindings) {
    const param = params.get(bound.param);
    if (typeof bound.binding === 'string' && param !== undefined) bindings.push(binding(bound.binding, param, bound.as, valueOf(param)));
  }
  return bindings;
}

/** A number travels as an integer (as text when it is not a whole int32); `as: 'oid'` puts the value in the OID. */
function binding(oid: string, param: ParamSpec, as: 'hex' | 'oid' | undefined, value: string | number): TrapBinding {
  if (as === 'oid' && parseOid(String(value)) !== undefined) return { oid: String(value), type: Tag.Null, value: null };
  if (as === 'hex') {
    try {
      return { oid, type: Tag.OctetString, value: toWire(Tag.OctetString, 'octetstringhex', String(value)) };
    } catch {
      // not hex: sent as the text it is
    }
  }
  if (param.value === 'number' && typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 0x7fffffff) return { oid, type: Tag.Integer, value };
  return { oid, type: Tag.OctetString, value: toWire(Tag.OctetString, undefined, String(value)) };
}
