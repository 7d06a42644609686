// The mock agent's pure parts: BER values, the objects a spec gives, GetBulk's bound, trap bindings.
import { describe, expect, it } from 'vitest';
import type { ProtocolSpec, SnmpTableSpec } from '@protogen-dm/runtime';
import { MibView } from '../../mock/src/snmp/mib.js';
import { answerGetBulk, MAX_BULK_VARBINDS } from '../../mock/src/snmp/requests.js';
import { trapBindings, trapOid } from '../../mock/src/snmp/traps.js';
import { fromWire, Tag, toWire } from '../../mock/src/snmp/wire.js';
import { OUTLETS, rackUpsSpec } from './rack-ups-spec.js';

const params = new Map(rackUpsSpec.params.map((param) => [param.id, param]));
const param = (id: number) => {
  const found = params.get(id);
  if (found === undefined) throw new Error(`no param ${id}`);
  return found;
};

function view(spec: ProtocolSpec, overrides: Record<string, string | number> = {}): MibView {
  return new MibView({ spec, connection: 0, overrides, rows: new Map() });
}

describe('wire values', () => {
  it('writes counter64 as minimal big-endian bytes, a leading zero when the top bit is set', () => {
    expect(toWire(Tag.Counter64, 'counter64', 0)).toEqual(Buffer.from([0]));
    expect(toWire(Tag.Counter64, 'counter64', 0x7f)).toEqual(Buffer.from([0x7f]));
    expect(toWire(Tag.Counter64, 'counter64', 0x80)).toEqual(Buffer.from([0, 0x80]));
    expect(toWire(Tag.Counter64, 'counter64', 2 ** 63)).toEqual(Buffer.from([0, 0x80, 0, 0, 0, 0, 0, 0, 0]));
    expect(() => toWire(Tag.Counter64, 'counter64', -1)).toThrow(RangeError);
  });

  it('checks ranges and shapes: int32, unsigned32, IPv4, OID, hex', () => {
    expect(toWire(Tag.Integer, undefined, '-5')).toBe(-5);
    expect(() => toWire(Tag.Integer, undefined, 2 ** 31)).toThrow(RangeError);
    expect(() => toWire(Tag.Gauge32, 'gauge32', -1)).toThrow(RangeError);
    expect(() => toWire(Tag.Gauge32, 'gauge32', 'sample')).toThrow(RangeError);
    expect(toWire(Tag.IpAddress, 'ipaddress', '10.0.0.1')).toBe('10.0.0.1');
    expect(() => toWire(Tag.IpAddress, 'ipaddress', '10.0.0.256')).toThrow(RangeError);
    expect(() => toWire(Tag.Oid, 'oid', '1.3.x')).toThrow(RangeError);
    expect(toWire(Tag.OctetString, 'octetstringhex', 'c0:ff')).toEqual(Buffer.from([0xc0, 0xff]));
    expect(toWire(Tag.OctetString, undefined, 'é')).toEqual(Buffer.from([0xe9])); // one byte per character
    expect(toWire(Tag.OctetString, 'octetstringutf8', 'é')).toEqual(Buffer.from([0xc3, 0xa9]));
  });

  it("reads a set's value as the param's value: numbers for number params, text else, undefined when it is none", () => {
    expect(fromWire(Tag.Integer, 'integer', 75, param(113))).toBe(75);
    expect(fromWire(Tag.OctetString, 'octetstring', Buffer.from('rack'), param(102))).toBe('rack');
    expect(fromWire(Tag.OctetString, undefined, Buffer.from('75'), param(113))).toBe(75);
    expect(fromWire(Tag.OctetString, undefined, Buffer.from('x'), param(113))).toBeUndefined();
    expect(fromWire(Tag.Counter64, 'counter64', Buffer.from([1, 0, 0, 0, 0, 0]), param(112))).toBe(2 ** 40);
  });
});

describe('objects', () => {
  it('serves columns listed among the scalar params as cells only, and a getNext table under table.1.N', () => {
    const table: SnmpTableSpec = {
      param: 1000,
      key: 'outlets',
      connection: 0,
      oid: OUTLETS,
      method: 'getNext',
      columns: [
        { param: 1002, key: 'outletsName' },
        { param: 1004, key: 'outletsLoad' },
      ],
    };
    const snmp = rackUpsSpec.snmp;
    if (snmp === undefined) throw new Error('no snmp');
    const spec: ProtocolSpec = {
      ...rackUpsSpec,
      snmp: { ...snmp, params: [...snmp.params, { param: 1004, connection: 0, oid: `${OUTLETS}.1.2`, type: 'gauge32' }], tables: [table] },
    };
    const cells = view(spec).objects.filter((object) => object.text.startsWith(`${OUTLETS}.`));
    expect(cells.map((object) => [object.text, object.tag, object.value])).toEqual([
      // The key column's samples are the rows' suffixes.
      [`${OUTLETS}.1.1.1`, Tag.OctetString, Buffer.from('1')],
      [`${OUTLETS}.1.1.2`, Tag.OctetString, Buffer.from('2')],
      [`${OUTLETS}.1.1.3`, Tag.OctetString, Buffer.from('3')],
      [`${OUTLETS}.1.2.1`, Tag.Gauge32, 43], // the column's SNMP type from its param entry
      [`${OUTLETS}.1.2.2`, Tag.Gauge32, 44],
      [`${OUTLETS}.1.2.3`, Tag.Gauge32, 45],
    ]);
    // A key that is an OID suffix is the row's suffix (an ifIndex); one that is not leaves the position.
    const rows = new Map([[1000, [{ outletsName: '12' }, { outletsName: 'PDU B' }, { outletsName: '4' }]]]);
    const keyed = new MibView({ spec, connection: 0, overrides: {}, rows }).objects.filter((object) => object.text.startsWith(`${OUTLETS}.1.1.`));
    expect(keyed.map((object) => object.text)).toEqual([`${OUTLETS}.1.1.2`, `${OUTLETS}.1.1.4`, `${OUTLETS}.1.1.12`]);
  });

  it('serves a write param without a read param with its own value, writable; leaves out a value that is not its type', () => {
    const snmp = rackUpsSpec.snmp;
    if (snmp === undefined) throw new Error('no snmp');
    const spec: ProtocolSpec = { ...rackUpsSpec, snmp: { ...snmp, params: [{ param: 114, connection: 0, oid: '1.3.6.1.4.1.1.1.0', type: 'integer', set: 'set' }, { param: 110, connection: 0, oid: '1.3.6.1.4.1.1.2.0', type: 'gauge32' }] } };
    const built = view(spec, { chargeLimitSet: 60, batteryCharge: 'full' });
    expect(built.objects.filter((object) => object.text.startsWith('1.3.6.1.4.1.1.')).map((object) => [object.text, object.value, object.writable])).toEqual([['1.3.6.1.4.1.1.1.0', 60, true]]);
    expect(built.problems).toEqual(['1.3.6.1.4.1.1.2.0 (param 110): full is not a whole number from 0 to 4294967295']);
  });

  it('bounds a GetBulk answer whatever max-repetitions asks', () => {
    const rows = new Map([[1000, Array.from({ length: 600 }, (_, index) => ({ outletsInstance: String(index + 1) }))]]);
    const big = new MibView({ spec: rackUpsSpec, connection: 0, overrides: {}, rows });
    const answer = answerGetBulk(big, [{ oid: `${OUTLETS}.1.2`, type: Tag.Null, value: null }, { oid: `${OUTLETS}.1.3`, type: Tag.Null, value: null }], 0, 2 ** 31 - 1);
    expect(answer.varbinds).toHaveLength(MAX_BULK_VARBINDS);
    expect(answer.varbinds.at(-1)?.oid).toBe(`${OUTLETS}.1.3.500`);
  });
});

describe('traps', () => {
  it('fills a wildcard, sends coldStart for a lone *, and binds by position (gaps empty), OID, hex', () => {
    const base = { param: 210, key: 't', connection: 0 };
    expect(trapOid({ ...base, oid: '1.3.6.1.4.1.9.0.*', bindings: [] })).toBe('1.3.6.1.4.1.9.0.1');
    expect(trapOid({ ...base, oid: '*', bindings: [] })).toBe('1.3.6.1.6.3.1.1.5.1');
    expect(trapOid({ ...base, oid: '1.3.6.1.4.1.9.0.4', bindings: [] })).toBe('1.3.6.1.4.1.9.0.4');
    const trap = { ...base, oid: '*', bindings: [{ binding: 3, param: 201 }, { binding: 1, param: 200 }, { binding: '1.3.6.1.4.1.9.5', param: 102 }, { binding: 4, param: 100, as: 'hex' as const }] };
    const values: Record<number, string | number> = { 200: 7, 201: 'fan', 102: 'rack', 100: 'c0ff' };
    const bindings = trapBindings(trap, '1.3.6.1.4.1.9.0.1', params, (bound) => values[bound.id] ?? '');
    expect(bindings).toEqual([
      { oid: '1.3.6.1.4.1.9.0.1.1', type: Tag.Integer, value: 7 },
      { oid: '1.3.6.1.4.1.9.0.1.2', type: Tag.OctetString, value: Buffer.alloc(0) },
      { oid: '1.3.6.1.4.1.9.0.1.3', type: Tag.OctetString, value: Buffer.from('fan') },
      { oid: '1.3.6.1.4.1.9.0.1.4', type: Tag.OctetString, value: Buffer.from([0xc0, 0xff]) },
      { oid: '1.3.6.1.4.1.9.5', type: Tag.OctetString, value: Buffer.from('rack') },
    ]);
  });
});
