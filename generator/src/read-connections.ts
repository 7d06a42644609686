/**
 * Connections, in both syntaxes DataMiner accepts:
 *
 *   <Type advanced="smart-serial:Events">serial</Type>            syntax 1: ids by position, 0 = main
 *   <Ports><PortSettings name="Events">…</PortSettings></Ports>      (the Nth PortSettings is connection N)
 *
 *   <Connections><Connection id="0" name="WS">                     syntax 2/3: ids explicit; a WebSocket is
 *     <Http><CommunicationOptions><WebSocket>true</WebSocket>…       an Http connection with WebSocket=true
 *
 * When both are present, `Connections` defines the connections it lists.
 */
import type { ConnectionKind, ConnectionModel, Reference } from './model.js';
import { parseUnsigned, readId, readReference, readTimeout, type UnreadableSink } from './read-util.js';
import { communicationElements, communicationOptions, readMaxConnections, readNotifyOption, readSerialSettings } from './read-serial.js';
import { child, children, textAt, type XmlElement } from './xml.js';

/** Every connection in id order; a duplicate id in `Connections` is kept for the check stage to report. */
export function readConnections(root: XmlElement, unreadable: UnreadableSink): ConnectionModel[] {
  const listed: ConnectionModel[] = [];
  const connections = child(root, 'Connections');
  for (const element of connections ? children(connections, 'Connection') : []) {
    const connection = readConnection(element, unreadable);
    if (connection) listed.push(connection);
  }
  const ids = new Set(listed.map((connection) => connection.id));
  const implicit = readSyntax1(root, unreadable).filter((connection) => !ids.has(connection.id));
  // Stable: duplicates keep their XML order, so the first is the one that counts.
  return [...implicit, ...listed].sort((a, b) => a.id - b.id);
}

/** `Protocol/Type` + `@advanced`, with defaults from `PortSettings` and `Ports/PortSettings` by position. */
function readSyntax1(root: XmlElement, unreadable: UnreadableSink): ConnectionModel[] {
  const type = child(root, 'Type');
  if (!type) return [];
  const ports = child(root, 'Ports');
  const settings = [child(root, 'PortSettings'), ...(ports ? children(ports, 'PortSettings') : [])];
  const advanced = (type.attributes['advanced'] ?? '').split(';').map((entry) => entry.trim()).filter(Boolean);
  const entries = [{ type: type.text.trim(), name: settings[0]?.attributes['name'] ?? 'Main Connection' }];
  const options = communicationOptions(type);
  // Type@communicationOptions speaks for the whole protocol: every connection carries it.
  const maxConnections = readMaxConnections(options.get('maxconcurrentconnections'), type.attributeAt('communicationOptions'), unreadable);
  const clientParams = readNotifyOption(options.get('notifyconnectionpids'), type.attributeAt('communicationOptions'), unreadable);
  for (const entry of advanced) {
    const colon = entry.indexOf(':');
    // `advanced="http"` has no name: its PortSettings' name says more than the type does.
    const named = settings[entries.length]?.attributes['name'];
    entries.push({ type: colon < 0 ? entry : entry.slice(0, colon), name: colon < 0 ? (named ?? entry) : entry.slice(colon + 1) });
  }
  return entries.map((entry, id) => {
    const portSettings = settings[id];
    return {
      id,
      name: entry.name.trim() || `Connection ${id}`,
      kind: kindOfType(entry.type),
      type: entry.type,
      ...defaults(portSettings, unreadable),
      ...readSerialSettings(entry.type, undefined, portSettings, options.get('maxreceivebuffer'), options),
      maxConnections,
      clientParams,
      statusParam: undefined,
      handshakeSession: undefined,
      at: (portSettings ?? type).at,
    };
  });
}

function readConnection(element: XmlElement, unreadable: UnreadableSink): ConnectionModel | undefined {
  const id = readId(element, 'Connection', unreadable);
  if (id === undefined) return undefined;
  const name = element.attributes['name']?.trim() || `Connection ${id}`;
  const typeElement = child(element, 'Type');
  const body = element.children.find((candidate) => candidate.name !== 'Type') ?? element;
  const type = typeElement ? typeElement.text.trim() : body.name;
  const options = child(body, 'CommunicationOptions');
  const websocket = options !== undefined && textAt(options, 'WebSocket') === 'true';
  const notify = options && child(options, 'NotifyConnectionPIDs');
  const status = notify && child(notify, 'Connections');
  const left = notify && child(notify, 'Disconnections');
  const statusParam = status ? firstReference(status, 'NotifyConnectionPIDs/Connections', unreadable) : undefined;
  const disconnected = left ? firstReference(left, 'NotifyConnectionPIDs/Disconnections', unreadable) : undefined;
  const handshake = options && child(options, 'WebSocketHandshake');
  const maxConnections = options && child(options, 'MaxConcurrentConnections');
  return {
    id,
    name,
    kind: websocket ? 'websocket' : kindOfType(type),
    type,
    ...defaults(child(body, 'UserSettings'), unreadable),
    ...readSerialSettings(type, body.attributes['single'], child(body, 'UserSettings'), communicationElements(body).get('maxreceivebuffer'), communicationElements(body)),
    maxConnections: maxConnections ? readMaxConnections(maxConnections.text.trim(), maxConnections.at, unreadable) : undefined,
    clientParams: statusParam || disconnected ? { connected: statusParam, disconnected } : undefined,
    statusParam,
    handshakeSession: handshake ? readReference(handshake, 'WebSocketHandshake', unreadable) : undefined,
    at: element.at,
  };
}

/** `NotifyConnectionPIDs/Connections` may list several ids; the first is the status param. */
function firstReference(element: XmlElement, what: string, unreadable: UnreadableSink): Reference | undefined {
  const first = element.text.split(/[;,]/)[0]?.trim() ?? '';
  const id = parseUnsigned(first);
  const at = element.at;
  if (id === undefined) {
    unreadable.push({ expected: 'param id', what, text: element.text.trim(), at });
    return undefined;
  }
  return { id, at };
}

function defaults(settings: XmlElement | undefined, unreadable: UnreadableSink): Pick<ConnectionModel, 'port' | 'timeoutMs' | 'retries'> {
  if (!settings) return { port: undefined, timeoutMs: undefined, retries: undefined };
  const timeoutTime = child(settings, 'TimeoutTime');
  const timeout = timeoutTime && child(timeoutTime, 'DefaultValue');
  return {
    port: parseUnsigned(textAt(settings, 'IPport/DefaultValue')),
    timeoutMs: timeout ? readTimeout(timeout.text.trim() || undefined, 'TimeoutTime/DefaultValue', timeout.at, unreadable) : undefined,
    retries: parseUnsigned(textAt(settings, 'Retries/DefaultValue')),
  };
}

function kindOfType(type: string): ConnectionKind {
  const normalised = type.toLowerCase().replace(/[\s-]/g, '');
  if (normalised === 'http') return 'http';
  if (normalised.startsWith('smartserial')) return 'smart-serial';
  if (normalised.startsWith('serial')) return 'serial';
  if (normalised.startsWith('snmp')) return 'snmp';
  if (normalised === 'virtual') return 'virtual';
  return 'other';
}
