/**
 * The SNMP parts of a param, read as written (the plan resolves OIDs):
 *
 *   <Param id="103" snmpSetAndGet="true"><Type>write</Type>
 *     <SNMP options="SetCommunity:0"><Enabled>true</Enabled><OID type="complete" id="5">1.3.6.*</OID><Type>octetstring</Type></SNMP>
 *   → set { mode: 'setAndGet' }, snmp { enabled, oid { text: '1.3.6.*', type: 'complete', wildcardParam: 5 }, type 'octetstring', communityOf { set: 0 } }
 *
 *   <ArrayOptions index="0"><ColumnOption idx="0" pid="1001"/>…</ArrayOptions>   → array { index: 0, columns: [1001, …] }
 */
import type { ArrayModel, ParamSnmpModel, SnmpOidModel, SnmpSetModel, SnmpTrapModel } from './snmp-model.js';
import { parseOptions, parseUnsigned, type UnreadableSink } from './read-util.js';
import { child, children, type XmlElement } from './xml.js';

export function readParamSnmp(param: XmlElement, unreadable: UnreadableSink): ParamSnmpModel | undefined {
  const snmp = child(param, 'SNMP');
  if (!snmp) return undefined;
  const oid = child(snmp, 'OID');
  const trap = child(snmp, 'TrapOID');
  const type = child(snmp, 'Type');
  const options = parseOptions(snmp.attributes['options']);
  const connection = (key: string): number | undefined => {
    const value = options.get(key);
    const id = parseUnsigned(value);
    if (value !== undefined && id === undefined) unreadable.push({ expected: 'connection', what: `SNMP@options ${key}`, text: value, at: snmp.attributeAt('options') });
    return id;
  };
  const get = connection('getcommunity');
  const set = connection('setcommunity');
  const contextName = connection('contextname');
  return {
    at: snmp.at,
    enabled: child(snmp, 'Enabled')?.text.trim().toLowerCase() === 'true',
    oid: oid && readOid(oid, unreadable),
    trap: trap && readTrap(trap, unreadable),
    type: type && { text: type.text.trim(), at: type.at },
    communityOf: { ...(get !== undefined && { get }), ...(set !== undefined && { set }), ...(contextName !== undefined && { contextName }) },
  };
}

function readOid(element: XmlElement, unreadable: UnreadableSink): SnmpOidModel {
  const id = element.attributes['id'];
  const wildcard = parseUnsigned(id);
  if (id !== undefined && wildcard === undefined) unreadable.push({ expected: 'param id', what: `${element.name}@id`, text: id, at: element.attributeAt('id') });
  return {
    at: element.at,
    text: element.text.trim(),
    type: element.attributes['type']?.trim().toLowerCase(),
    wildcardParam: wildcard === undefined ? undefined : { id: wildcard, at: element.attributeAt('id') },
    options: parseOptions(element.attributes['options']),
    optionsAt: element.attributeAt('options'),
  };
}

function readTrap(element: XmlElement, unreadable: UnreadableSink): SnmpTrapModel {
  return { ...readOid(element, unreadable), setBindings: element.attributes['setBindings'], setBindingsAt: element.attributeAt('setBindings') };
}

/** `Param@options` modes, lower case; `snmpSetAndGet` (any value but `false`) is the attribute the files use. */
const setModes: Readonly<Record<string, SnmpSetModel['mode']>> = { snmpset: 'set', snmpsetwithwait: 'setWithWait', snmpsetandgetwithwait: 'setAndGet' };

export function readSnmpSet(param: XmlElement): SnmpSetModel | undefined {
  const attribute = param.attributes['snmpSetAndGet'];
  if (attribute !== undefined && attribute.trim().toLowerCase() !== 'false') return { mode: 'setAndGet', at: param.attributeAt('snmpSetAndGet') };
  for (const key of parseOptions(param.attributes['options']).keys()) {
    const mode = setModes[key];
    if (mode) return { mode, at: param.attributeAt('options') };
  }
  return undefined;
}

/**
 * The columns of an `array` param: `<Type id="1001;1002">array</Type>` lists columns 0, 1… by position,
 * `ArrayOptions/ColumnOption` by `idx` (files use either, or both); undefined for a param with neither.
 */
export function readArray(param: XmlElement, unreadable: UnreadableSink): ArrayModel | undefined {
  const options = child(param, 'ArrayOptions');
  const type = child(param, 'Type');
  const ids = type?.text.trim().toLowerCase() === 'array' ? type.attributes['id'] : undefined;
  if (!options && ids === undefined) return undefined;
  const listed = (ids ?? '').split(/[;,]/).flatMap((text, idx) => {
    const id = parseUnsigned(text);
    return id === undefined || !type ? [] : [{ id, at: type.attributeAt('id'), idx }];
  });
  const optioned = (options ? children(options, 'ColumnOption') : []).flatMap((column) => {
    const pid = column.attributes['pid'];
    const id = parseUnsigned(pid);
    if (id === undefined) {
      unreadable.push({ expected: 'param id', what: 'ColumnOption@pid', text: pid, at: pid === undefined ? column.at : column.attributeAt('pid') });
      return [];
    }
    return [{ id, at: column.attributeAt('pid'), idx: parseUnsigned(column.attributes['idx']) }];
  });
  const columns = [...listed, ...optioned.filter((column) => !listed.some((other) => other.id === column.id))];
  return { at: (options ?? type ?? param).at, index: parseUnsigned(options?.attributes['index']) ?? 0, columns };
}

/** `Protocol/VendorOID` and `Protocol/DeviceOID`, the prefix of `auto` and `composed` OIDs. */
export function readOidPrefix(root: XmlElement): { readonly vendorOid: string | undefined; readonly deviceOid: string | undefined } {
  return { vendorOid: child(root, 'VendorOID')?.text.trim() || undefined, deviceOid: child(root, 'DeviceOID')?.text.trim() || undefined };
}
