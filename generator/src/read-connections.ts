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
import type { DiagnosticBag } from './diagnostics.js';
import type { ConnectionKind, ConnectionModel, Reference } from './model.js';
import { parseUnsigned, readId, readReference, readTimeout } from './read-util.js';
import { child, children, textAt, type XmlElement } from './xml.js';

export function readConnections(root: XmlElement, bag: DiagnosticBag): ConnectionModel[] {
  const byId = new Map<number, ConnectionModel>();
  for (const connection of readSyntax1(root, bag)) byId.set(connection.id, connection);
  const connections = child(root, 'Connections');
  if (connections) {
    const type = child(root, 'Type');
    if (type) bag.report('PG0050', type, 'Protocol/Type and Protocol/Connections are both present: Connections defines the connections it lists');
    const seen = new Map<number, XmlElement>();
    for (const element of children(connections, 'Connection')) {
      const connection = readConnection(element, bag);
      if (!connection) continue;
      const earlier = seen.get(connection.id);
      if (earlier) {
        bag.report('PG0010', element, `duplicate Connection id ${connection.id} (first defined at line ${earlier.line})`);
        continue;
      }
      seen.set(connection.id, element);
      byId.set(connection.id, connection);
    }
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** `Protocol/Type` + `@advanced`, with defaults from `PortSettings` and `Ports/PortSettings` by position. */
function readSyntax1(root: XmlElement, bag: DiagnosticBag): ConnectionModel[] {
  const type = child(root, 'Type');
  if (!type) return [];
  const ports = child(root, 'Ports');
  const settings = [child(root, 'PortSettings'), ...(ports ? children(ports, 'PortSettings') : [])];
  const advanced = (type.attributes['advanced'] ?? '').split(';').map((entry) => entry.trim()).filter(Boolean);
  const entries = [{ type: type.text.trim(), name: settings[0]?.attributes['name'] ?? 'Main Connection' }];
  for (const entry of advanced) {
    const colon = entry.indexOf(':');
    entries.push({ type: colon < 0 ? entry : entry.slice(0, colon), name: colon < 0 ? entry : entry.slice(colon + 1) });
  }
  return entries.map((entry, id) => {
    const portSettings = settings[id];
    return {
      id,
      name: entry.name.trim() || `Connection ${id}`,
      kind: kindOfType(entry.type),
      type: entry.type,
      ...defaults(portSettings, bag),
      statusParam: undefined,
      handshakeSession: undefined,
      at: portSettings ?? type,
    };
  });
}

function readConnection(element: XmlElement, bag: DiagnosticBag): ConnectionModel | undefined {
  const id = readId(element, 'Connection', bag);
  if (id === undefined) return undefined;
  const name = element.attributes['name']?.trim() || `Connection ${id}`;
  const typeElement = child(element, 'Type');
  const body = element.children.find((candidate) => candidate.name !== 'Type') ?? element;
  const type = typeElement ? typeElement.text.trim() : body.name;
  const options = child(body, 'CommunicationOptions');
  const websocket = options !== undefined && textAt(options, 'WebSocket') === 'true';
  const notify = options && child(options, 'NotifyConnectionPIDs');
  const status = notify && child(notify, 'Connections');
  const handshake = options && child(options, 'WebSocketHandshake');
  return {
    id,
    name,
    kind: websocket ? 'websocket' : kindOfType(type),
    type,
    ...defaults(child(body, 'UserSettings'), bag),
    statusParam: status ? firstReference(status, 'NotifyConnectionPIDs/Connections', bag) : undefined,
    handshakeSession: handshake ? readReference(handshake, 'WebSocketHandshake', bag) : undefined,
    at: element,
  };
}

/** `NotifyConnectionPIDs/Connections` may list several ids; the first is the status param. */
function firstReference(element: XmlElement, what: string, bag: DiagnosticBag): Reference | undefined {
  const first = element.text.split(/[;,]/)[0]?.trim() ?? '';
  const id = parseUnsigned(first);
  if (id === undefined) {
    bag.report('PG0024', element, `${what} "${element.text.trim()}" is not a param id`);
    return undefined;
  }
  return { id, at: element };
}

function defaults(settings: XmlElement | undefined, bag: DiagnosticBag): Pick<ConnectionModel, 'port' | 'timeoutMs' | 'retries'> {
  if (!settings) return { port: undefined, timeoutMs: undefined, retries: undefined };
  const timeoutTime = child(settings, 'TimeoutTime');
  const timeout = timeoutTime && child(timeoutTime, 'DefaultValue');
  return {
    port: parseUnsigned(textAt(settings, 'IPport/DefaultValue')),
    timeoutMs: timeout ? readTimeout(timeout.text.trim() || undefined, 'TimeoutTime/DefaultValue', timeout, bag) : undefined,
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
