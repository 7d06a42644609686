/**
 * What serial and smart-serial connections add, in both syntaxes:
 *
 *   <Type communicationOptions="maxReceiveBuffer:64">smart-serial single</Type>     syntax 1
 *   <PortSettings><LocalIPport><DefaultValue>5001</DefaultValue></LocalIPport>
 *     <PortTypeSerial><Disabled>true</Disabled></PortTypeSerial></PortSettings>
 *
 *   <Connection id="1" name="Events"><SmartSerial single="true">                   syntax 3
 *     <CommunicationOptions><MaxReceiveBuffer>64</MaxReceiveBuffer></CommunicationOptions>
 *     <UserSettings><PortTypeUDP><Disabled>true</Disabled></PortTypeUDP></UserSettings>
 *
 * Port types: each of IP (TCP), UDP and serial is allowed unless its `Disabled` is `true`; a
 * connection with TCP and UDP disabled is physical serial only, which Node cannot reach.
 */
import type { ConnectionModel, MaxConnections } from './model.js';
import { parseOptions, parseUnsigned, type UnreadableSink } from './read-util.js';
import type { SourceOffset } from './source-lines.js';
import { child, textAt, type XmlElement } from './xml.js';

export type SerialSettings = Pick<ConnectionModel, 'single' | 'localPort' | 'portTypes' | 'maxReceiveBuffer' | 'notRun'>;

/** `notifyConnectionPIDs:x,y` (syntax 1): the connects param, then the disconnects param; `at` the communicationOptions attribute. */
export function readNotifyOption(text: string | undefined, at: SourceOffset, unreadable: UnreadableSink): ConnectionModel['clientParams'] {
  if (text === undefined) return undefined;
  const [connected, disconnected] = text.split(',').map((entry) => {
    const trimmed = entry.trim();
    const id = parseUnsigned(trimmed);
    if (trimmed !== '' && id === undefined) unreadable.push({ expected: 'param id', what: 'notifyConnectionPIDs', text: trimmed, at });
    return id === undefined ? undefined : { id, at };
  });
  return { connected, disconnected };
}

/**
 * `maxConcurrentConnections:N` (syntax 1, `at` the communicationOptions attribute) or
 * `<MaxConcurrentConnections>N</…>` (syntax 3, `at` that element): a whole number from 1.
 */
export function readMaxConnections(text: string | undefined, at: SourceOffset, unreadable: UnreadableSink): MaxConnections | undefined {
  if (text === undefined) return undefined;
  const count = parseUnsigned(text);
  if (count !== undefined && count >= 1) return { count, at };
  unreadable.push({ expected: 'count', what: 'maxConcurrentConnections', text, at });
  return undefined;
}

/** Framing options SLPort applies that protogen does not (each draws one PG0050 info). */
const unrunOptions = ['packetinfo', 'smartipheader', 'stuffing'];

/** Serial facts of a connection; `typeText` is the type as written, `options` its communication options. */
export function readSerialSettings(
  typeText: string,
  singleAttribute: string | undefined,
  settings: XmlElement | undefined,
  maxReceiveBuffer: string | undefined,
  options: ReadonlyMap<string, string>,
): SerialSettings {
  const disabled = (name: string): boolean => (settings ? textAt(settings, `${name}/Disabled`)?.toLowerCase() === 'true' : false);
  return {
    single: /single/i.test(typeText) || singleAttribute?.toLowerCase() === 'true',
    localPort: settings ? parseUnsigned(textAt(settings, 'LocalIPport/DefaultValue')) : undefined,
    portTypes: { tcp: !disabled('PortTypeIP'), udp: !disabled('PortTypeUDP'), serial: !disabled('PortTypeSerial') },
    maxReceiveBuffer: parseUnsigned(maxReceiveBuffer),
    notRun: unrunOptions.filter((option) => options.has(option)),
  };
}

/** `Type@communicationOptions` (syntax 1), keys lower-cased. */
export function communicationOptions(type: XmlElement): ReadonlyMap<string, string> {
  return parseOptions(type.attributes['communicationOptions']);
}

/** `SmartSerial/CommunicationOptions` children (syntax 3) as options, names lower-cased (`PacketInfo` → `packetinfo`). */
export function communicationElements(body: XmlElement): Map<string, string> {
  const options = new Map<string, string>();
  for (const element of child(body, 'CommunicationOptions')?.children ?? []) {
    if (element.text.trim().toLowerCase() !== 'false') options.set(element.name.toLowerCase(), element.text.trim());
  }
  return options;
}
