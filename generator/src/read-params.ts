/**
 * `Params/Param` → ParamModel. Keeps the Interprete, Measurement and Display facts the generator
 * types and the codec needs; everything else on a param is display or DMS behaviour.
 *
 *   <Param id="2"><Name>Level</Name><Type>read</Type>
 *     <Interprete><RawType>numeric text</RawType><Type>double</Type><LengthType>next param</LengthType></Interprete>
 *     <Display><Units>dB</Units></Display></Param>
 */
import type { DiscreteModel, ExceptionModel, InterpreteModel, ParamModel, Reference } from './model.js';
import { readArray, readParamSnmp, readSnmpSet } from './read-snmp.js';
import { common, noItems, parseNumber, parseOptions, parseUnsigned, readId, withDefined, type UnreadableSink } from './read-util.js';
import { child, children, textAt, type XmlElement } from './xml.js';

/** Interprete children the codec does not apply; each draws one PG0045 warning. */
const unsupportedInterprete = new Set(['Sequence', 'Scale', 'Others', 'OffSet', 'StartPosition', 'NbrOfBits', 'Bits', 'ByteOffset', 'Alignment', 'Rounding']);

/** One `Params/Param`; undefined when it has no readable id. */
export function readParam(element: XmlElement, unreadable: UnreadableSink): ParamModel | undefined {
  const id = readId(element, 'Param', unreadable);
  if (id === undefined) return undefined;
  const type = child(element, 'Type');
  // `Type@options`: `headerTrailerLink=1`, `connection=2`, `dynamic ip 1`.
  const typeOptions = parseOptions(type?.attributes['options']);
  const interprete = child(element, 'Interprete');
  const measurement = child(element, 'Measurement');
  const crc = child(element, 'CRC');
  const crcType = crc && child(crc, 'Type');
  return withDefined(
    {
      id,
      at: element.at,
      name: textAt(element, 'Name') ?? '',
      description: textAt(element, 'Description'),
      role: common(type?.text.trim() ?? 'read'),
      interprete: interprete ? readInterprete(interprete, unreadable) : undefined,
      measurementType: measurement ? common(textAt(measurement, 'Type')) : undefined,
      discretes: measurement ? readDiscretes(measurement) : noItems,
      units: common(textAt(element, 'Display/Units')),
      displayLow: parseNumber(textAt(element, 'Display/Range/Low')),
      displayHigh: parseNumber(textAt(element, 'Display/Range/High')),
    },
    // What few params have: left out when absent.
    {
      dynamicIp: type ? readDynamicIp(type, typeOptions) : undefined,
      headerTrailerLink: parseUnsigned(typeOptions.get('headertrailerlink')),
      onlyConnection: parseUnsigned(typeOptions.get('connection')),
      lengthPositions: readPositions(child(element, 'Length')),
      crcType: crcType ? { type: common(crcType.text.trim()), at: crcType.at } : undefined,
      crcPositions: readPositions(crc),
      snmp: readParamSnmp(element, unreadable),
      snmpSet: readSnmpSet(element),
      array: readArray(element, unreadable),
    },
  );
}

/** `<Type options="dynamic ip 1">read</Type>` → connection 1 (`dynamic ip` alone = 0). */
function readDynamicIp(type: XmlElement, options: ReadonlyMap<string, string>): Reference | undefined {
  for (const key of options.keys()) {
    const match = /^dynamic ip\s*(\d*)$/.exec(key);
    if (match) return { id: match[1] ? Number(match[1]) : 0, at: type.attributeAt('options') };
  }
  return undefined;
}

function readInterprete(element: XmlElement, unreadable: UnreadableSink): InterpreteModel {
  const type = child(element, 'Type');
  const lengthType = child(element, 'LengthType');
  const lengthTypeId = lengthType?.attributes['id'];
  const number = (path: string): number | undefined => readNumber(element, path, unreadable);
  const value = child(element, 'Value');
  return withDefined(
    {
      at: element.at,
      rawTypeAt: child(element, 'RawType')?.at,
      lengthTypeAt: lengthType?.at,
      rawType: common(textAt(element, 'RawType')),
      type: common(type?.text.trim() || undefined),
      lengthType: common(lengthType?.text.trim() || undefined),
      exceptions: readExceptions(element),
      filter: type?.attributes['filter'] === 'true',
      unsupported: readUnsupported(element),
    },
    // What few Interpretes have: left out when absent.
    {
      lengthAt: child(element, 'Length')?.at,
      valueAt: value?.at,
      lengthTypeId:
        lengthType && lengthTypeId !== undefined
          ? { id: parseUnsigned(lengthTypeId) ?? -1, at: lengthType.attributeAt('id') }
          : undefined,
      times: parseUnsigned(lengthType?.attributes['times']),
      length: number('Length'),
      value: value?.text,
      defaultValue: child(element, 'DefaultValue')?.text,
      base: number('Base'),
      endian: common(textAt(element, 'Endian')),
      decimals: number('Decimals'),
      factor: number('Factor'),
      low: number('Range/Low'),
      high: number('Range/High'),
      trim: type?.attributes['trim'],
    },
  );
}

function readUnsupported(interprete: XmlElement): InterpreteModel['unsupported'] {
  const found = interprete.children.filter((candidate) => unsupportedInterprete.has(candidate.name));
  return found.length === 0 ? noItems : found.map((element) => ({ name: element.name, at: element.at }));
}

function readNumber(element: XmlElement, path: string, unreadable: UnreadableSink): number | undefined {
  const text = textAt(element, path);
  if (text === undefined) return undefined;
  const value = parseNumber(text);
  if (value === undefined) unreadable.push({ expected: 'number', what: `Interprete/${path}`, text, at: element.at });
  return value;
}

function readExceptions(interprete: XmlElement): readonly ExceptionModel[] {
  const section = child(interprete, 'Exceptions');
  if (!section) return noItems;
  return children(section, 'Exception').map((exception) => ({
    at: exception.at,
    match: exception.attributes['value'] ?? textAt(exception, 'Value') ?? '',
    value: textAt(exception, 'Value') ?? exception.attributes['value'] ?? '',
    display: common(textAt(exception, 'Display') ?? ''),
  }));
}

function readDiscretes(measurement: XmlElement): readonly DiscreteModel[] {
  const section = child(measurement, 'Discreets');
  if (!section) return noItems;
  return children(section, 'Discreet').map((discrete) => ({
    at: discrete.at,
    display: common(textAt(discrete, 'Display') ?? ''),
    value: common(textAt(discrete, 'Value') ?? ''),
  }));
}

/** `Length/Content/Param` or `CRC/Content/Param`: 0-based positions in the frame. */
function readPositions(element: XmlElement | undefined): number[] | undefined {
  const content = element && child(element, 'Content');
  if (!content) return undefined;
  return children(content, 'Param')
    .map((param) => parseUnsigned(param.text))
    .filter((position): position is number => position !== undefined);
}
