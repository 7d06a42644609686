/**
 * The parts of the DataMiner protocol schema protogen checks a file against, as data of our own: which
 * child elements an element may have and which texts an enumerated element may hold. These are facts
 * of the documented schema (element and value names), written here by hand; nothing is copied from
 * the schema file, whose licence does not allow it.
 *
 * Paths run from the root, `Protocol/Params/Param/Interprete`. `*` stands for any one element: a
 * connection's body is `Http`, `Serial`, `SmartSerial`…, whose own children are not all documented, so
 * only the parts protogen reads below it are listed. An element whose path is not listed is not
 * checked: protogen warns only inside elements it reads.
 */

const words = (list: string): readonly string[] => list.split(' ');

/** `DefaultValue` and `Disabled`, the children of most port settings. */
const setting = words('DefaultValue Disabled');

/** Children of `PortSettings` (also `Ports/PortSettings` and a connection's `UserSettings`). */
const portSettings = words(
  'Baudrate BusAddress Databits Flowcontrol FlushPerDatagram GetCommunity IPport LocalIPport Parity PingInterval PortTypeIP ' +
    'PortTypeSerial PortTypeUDP Retries SSH SetCommunity SkipCertificateVerification SlowPoll SlowPollBase Stopbits TimeoutTime ' +
    'TimeoutTimeElement Type',
);

/** The settings protogen reads below a `PortSettings` or `UserSettings` at `path`. */
function portSettingsAt(path: string): [string, readonly string[]][] {
  return [
    [path, portSettings],
    [`${path}/IPport`, setting],
    [`${path}/TimeoutTime`, setting],
    [`${path}/Retries`, setting],
  ];
}

const param = 'Protocol/Params/Param';
const interprete = `${param}/Interprete`;
const connectionBody = 'Protocol/Connections/Connection/*';

/** Element path → the names of the child elements it may have. */
export const childElements: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  [
    'Protocol',
    words(
      'Actions Advanced AlarmLevelLinks App Chains Commands Compliancies Connections Description DeviceOID Display ElementType ' +
        'ExportRules GeneralParameters Groups HTTP Icon IntegrationID InternalLicenses Mib Name NoTimeouts Ownership Pairs ' +
        'ParameterGroups Params PortSettings Ports ProcessAutomation Provider QActions RCA Relations Responses SeverityBubbleUp SNMP ' +
        'Swarming SystemOptions Threads Timers Topologies Topology TreeControls Triggers Type Vendor VendorOID Version VersionHistory ' +
        // Not the schema's spelling, but read-sessions.ts reads it for HTTP: no warning that it is ignored.
        'Http',
    ),
  ],
  ['Protocol/Params', words('Param')],
  [
    param,
    words(
      'Alarm ArrayOptions CRC CrossDriverOptions Dashboard Database Dependencies Description Display HyperLinks Icon Information ' +
        'Interprete Length Matrix Measurement Mediation Message Name Replication SNMP Type',
    ),
  ],
  [
    interprete,
    words(
      'Alignment Base Bits ByteOffset Decimals DefaultValue Endian Exceptions Factor Length LengthType NbrOfBits OffSet Others Range ' +
        'RawType Rounding Scale Sequence StartPosition Type Value',
    ),
  ],
  [`${interprete}/Range`, words('High Low')],
  [`${interprete}/Exceptions`, words('Exception')],
  [`${interprete}/Exceptions/Exception`, words('Display Value')],
  [`${param}/Measurement`, words('Discreets Threshold Type')],
  [`${param}/Measurement/Discreets`, words('Discreet')],
  [`${param}/Measurement/Discreets/Discreet`, words('Display Tooltip Value')],
  [`${param}/Display`, words('Decimals DynamicUnits ParametersView Positions RTDisplay Range Steps Trending Units')],
  [`${param}/Display/Range`, words('High Low')],
  [`${param}/Length`, words('Content')],
  [`${param}/Length/Content`, words('Param')],
  [`${param}/CRC`, words('Content Type')],
  [`${param}/CRC/Content`, words('Param')],
  ['Protocol/Commands', words('Command')],
  ['Protocol/Commands/Command', words('Content Description Name WebSocketMessageType')],
  ['Protocol/Commands/Command/Content', words('Param')],
  ['Protocol/Responses', words('Response')],
  ['Protocol/Responses/Response', words('Content Description Name')],
  ['Protocol/Responses/Response/Content', words('Param')],
  ['Protocol/Pairs', words('Pair')],
  ['Protocol/Pairs/Pair', words('Condition Content Description Name')],
  ['Protocol/Pairs/Pair/Content', words('Command Response ResponseOnBadCommand')],
  ['Protocol/Connections', words('Connection')],
  [
    `${connectionBody}/CommunicationOptions`,
    // Http, Serial and SmartSerial bodies (the serial ones: the options read-serial.ts reads or reports).
    words(
      'ChunkedHTML CloseConnectionOnResponse KexAlgorithms MakeCommandByProtocol MaxConcurrentConnections MaxReceiveBuffer ' +
        'NotifyConnectionPIDs PacketInfo RedundantPolling SmartIPHeader WebSocket WebSocketHandshake',
    ),
  ],
  [`${connectionBody}/CommunicationOptions/NotifyConnectionPIDs`, words('Connections Disconnections')],
  ...portSettingsAt('Protocol/PortSettings'),
  ['Protocol/Ports', words('PortSettings')],
  ...portSettingsAt('Protocol/Ports/PortSettings'),
  ...portSettingsAt(`${connectionBody}/UserSettings`).map(([path, names]): [string, readonly string[]] =>
    path.endsWith('/UserSettings') ? [path, [...names, 'AllowedIPAddresses']] : [path, names],
  ),
  ['Protocol/HTTP', words('Session')],
  ['Protocol/HTTP/Session', words('Connection')],
  ['Protocol/HTTP/Session/Connection', words('Request Response')],
  ['Protocol/HTTP/Session/Connection/Request', words('Data Headers Parameters')],
  ['Protocol/HTTP/Session/Connection/Request/Headers', words('Header')],
  ['Protocol/HTTP/Session/Connection/Request/Parameters', words('Parameter')],
  ['Protocol/HTTP/Session/Connection/Response', words('Content Headers')],
  ['Protocol/HTTP/Session/Connection/Response/Headers', words('Header')],
  ['Protocol/Timers', words('Timer')],
  ['Protocol/Timers/Timer', words('Condition Content Interval Name Time')],
  ['Protocol/Groups', words('Group')],
  ['Protocol/Groups/Group', words('Condition Content Description Name Type')],
  ['Protocol/Groups/Group/Content', words('Action Pair Param Session Trigger')],
  ['Protocol/Triggers', words('Trigger')],
  ['Protocol/Triggers/Trigger', words('Condition Content Name On Time Type')],
  ['Protocol/Triggers/Trigger/Content', words('Id')],
  ['Protocol/Actions', words('Action')],
  ['Protocol/Actions/Action', words('Condition Name On Type')],
]);

const trueFalse = words('true false');

/** Element path → the texts it may hold (the schema compares them case-sensitively). */
export const enumerations: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  [
    `${param}/Type`,
    [
      'array', 'bus', 'crc', 'dataminer info', 'discreet info', 'dummy', 'elementdmaid', 'elementid', 'elementname', 'fixed', 'group',
      'header', 'ip', 'length', 'matrix', 'pollingip', 'read', 'read bit', 'response', 'trailer', 'write', 'write bit',
    ],
  ],
  [`${interprete}/RawType`, ['bcd', 'double', 'numeric text', 'only others', 'other', 'signed number', 'text', 'unsigned number']],
  [`${interprete}/LengthType`, ['fixed', 'last next param', 'next param', 'other param']],
  [`${interprete}/Type`, ['double', 'high nibble', 'string']],
  [`${interprete}/Endian`, ['big', 'little']],
  [`${interprete}/Rounding`, words('down up toZero toInfinity halfDown halfUp halfToZero halfToInfinity')],
  [
    `${param}/Measurement/Type`,
    words('analog button chart discreet matrix number pagebutton progress string table title togglebutton').concat('digital threshold'),
  ],
  ['Protocol/Commands/Command/WebSocketMessageType', words('binary text')],
  [`${connectionBody}/CommunicationOptions/WebSocket`, trueFalse],
  [`${connectionBody}/CommunicationOptions/MakeCommandByProtocol`, trueFalse],
]);

/**
 * The two maps above as a tree, built once, so that the reader's walk looks names up in sets instead
 * of building a path string per element.
 */
export interface SchemaNode {
  /** Its path, `Protocol/Pairs/Pair/Content`. */
  readonly path: string;
  /** The children it may have; undefined when its children are not checked. */
  readonly known: ReadonlySet<string> | undefined;
  /** The texts it may hold, when it is enumerated. */
  readonly values: readonly string[] | undefined;
  /** Children below which something is checked; `*` for any element. */
  readonly below: ReadonlyMap<string, SchemaNode>;
  /**
   * `known` and `below` in one map, so that the reader's walk looks each child up once: a known
   * child's name → its node when something below it is checked, null when nothing is.
   */
  readonly steps: ReadonlyMap<string, SchemaNode | null>;
}

type BuiltNode = SchemaNode & { below: Map<string, SchemaNode>; steps: Map<string, SchemaNode | null> };

function buildTree(): SchemaNode {
  const nodes = new Map<string, BuiltNode>();
  const node = (path: string): BuiltNode => {
    let found = nodes.get(path);
    if (found === undefined) {
      const known = childElements.get(path);
      found = { path, known: known && new Set(known), values: enumerations.get(path), below: new Map(), steps: new Map() };
      nodes.set(path, found);
      const slash = path.lastIndexOf('/');
      if (slash > 0) node(path.slice(0, slash)).below.set(path.slice(slash + 1), found);
    }
    return found;
  };
  for (const path of [...childElements.keys(), ...enumerations.keys()]) node(path);
  for (const built of nodes.values()) for (const name of built.known ?? []) built.steps.set(name, schemaChild(built, name) ?? null);
  return node('Protocol');
}

/** The node of `Protocol`, the root of every checked path. */
export const schemaRoot: SchemaNode = buildTree();

/** The node to descend into for child `name` of `node`, if anything below it is checked. */
export function schemaChild(node: SchemaNode | undefined, name: string): SchemaNode | undefined {
  return node?.below.get(name) ?? node?.below.get('*');
}
