/**
 * A real net-snmp agent on 127.0.0.1, on a free port (bound by us: net-snmp would take port 0 for
 * 161), that records every request PDU it handles, and a UDP socket that never answers.
 */
import { createSocket, type Socket } from 'node:dgram';
import snmp from 'net-snmp';
import { dgramOnPort } from '../../runtime/src/snmp/udp-port.js';

export interface AgentScalar {
  readonly name: string;
  /** Without the `.0` instance. */
  readonly oid: string;
  readonly type: snmp.ObjectType;
  readonly value: unknown;
  readonly writable?: boolean;
}

export interface AgentTable {
  readonly name: string;
  /** The entry OID (`<table>.1`); its first column is the index, not accessible (as on most devices). */
  readonly entry: string;
  readonly columns: readonly { readonly number: number; readonly type: snmp.ObjectType }[];
  readonly rows: readonly (readonly unknown[])[];
}

export interface SeenPdu {
  readonly type: 'get' | 'getNext' | 'getBulk' | 'set';
  readonly oids: readonly string[];
  readonly version: number;
  /** GetBulk only. */
  readonly maxRepetitions?: number;
}

export interface TestAgent {
  readonly port: number;
  readonly url: string;
  /** Request PDUs in arrival order. */
  readonly seen: SeenPdu[];
  readonly mib: { setScalarValue(name: string, value: unknown): void; getScalarValue(name: string): unknown };
  close(): Promise<void>;
}

export const V3_USER = { name: 'ops', level: snmp.SecurityLevel.authPriv, authProtocol: snmp.AuthProtocols.sha256, authKey: 'auth-secret-1', privProtocol: snmp.PrivProtocols.aes, privKey: 'priv-secret-1' };

/** One USM user per security level and per auth/priv protocol the runtime names (`SnmpUser`). */
export const V3_USERS = [
  { name: 'plain', level: snmp.SecurityLevel.noAuthNoPriv },
  { name: 'signed', level: snmp.SecurityLevel.authNoPriv, authProtocol: snmp.AuthProtocols.sha, authKey: 'auth-secret-2' },
  { name: 'md5des', level: snmp.SecurityLevel.authPriv, authProtocol: snmp.AuthProtocols.md5, authKey: 'auth-secret-3', privProtocol: snmp.PrivProtocols.des, privKey: 'priv-secret-3' },
  { name: 'sha224aes256b', level: snmp.SecurityLevel.authPriv, authProtocol: snmp.AuthProtocols.sha224, authKey: 'auth-secret-4', privProtocol: snmp.PrivProtocols.aes256b, privKey: 'priv-secret-4' },
  { name: 'sha384aes256r', level: snmp.SecurityLevel.authPriv, authProtocol: snmp.AuthProtocols.sha384, authKey: 'auth-secret-5', privProtocol: snmp.PrivProtocols.aes256r, privKey: 'priv-secret-5' },
  { name: 'sha512aes', level: snmp.SecurityLevel.authPriv, authProtocol: snmp.AuthProtocols.sha512, authKey: 'auth-secret-6', privProtocol: snmp.PrivProtocols.aes, privKey: 'priv-secret-6' },
] as const;

export async function startAgent(scalars: readonly AgentScalar[], tables: readonly AgentTable[] = []): Promise<TestAgent> {
  const dgram = dgramOnPort(0);
  const agent = snmp.createAgent({ port: 1, address: '127.0.0.1', dgramModule: dgram.module }, () => undefined);
  const authorizer = agent.getAuthorizer();
  authorizer.addCommunity('public');
  authorizer.addCommunity('private');
  authorizer.addUser(V3_USER);
  for (const user of V3_USERS) authorizer.addUser({ ...user });
  const mib = agent.getMib();
  for (const scalar of scalars) {
    const access = scalar.writable === true ? snmp.MaxAccess['read-write'] : snmp.MaxAccess['read-only'];
    mib.registerProvider({ name: scalar.name, type: snmp.MibProviderType.Scalar, oid: scalar.oid, scalarType: scalar.type, maxAccess: access });
    mib.setScalarValue(scalar.name, scalar.value);
  }
  for (const table of tables) {
    mib.registerProvider({
      name: table.name,
      type: snmp.MibProviderType.Table,
      oid: table.entry,
      maxAccess: snmp.MaxAccess['not-accessible'],
      tableColumns: table.columns.map((column, index) => ({
        number: column.number,
        name: `c${column.number}`,
        type: column.type,
        maxAccess: index === 0 ? snmp.MaxAccess['not-accessible'] : snmp.MaxAccess['read-only'],
      })),
      tableIndex: [{ columnName: `c${table.columns[0]?.number ?? 1}` }],
    });
    for (const row of table.rows) mib.addTableRow(table.name, [...row]);
  }
  const seen: SeenPdu[] = [];
  // The agent's own handlers, with a record of each request PDU they get.
  const handlers = { getRequest: 'get', getNextRequest: 'getNext', getBulkRequest: 'getBulk', setRequest: 'set' } as const;
  type Message = { version: number; pdu: { varbinds: { oid: string }[]; maxRepetitions?: number } };
  const internal = agent as unknown as Record<string, (socket: unknown, message: Message, rinfo: unknown) => void>;
  for (const [method, type] of Object.entries(handlers)) {
    const handle = internal[method]?.bind(agent);
    internal[method] = (socket, message, rinfo) => {
      const oids = message.pdu.varbinds.map((varbind) => varbind.oid);
      seen.push(type === 'getBulk' ? { type, oids, version: message.version, maxRepetitions: message.pdu.maxRepetitions ?? 0 } : { type, oids, version: message.version });
      handle?.(socket, message, rinfo);
    };
  }
  const port = await dgram.listening();
  return {
    port,
    url: `udp://127.0.0.1:${port}`,
    seen,
    mib: mib as unknown as TestAgent['mib'],
    close: () => new Promise((resolve) => agent.close(() => resolve())),
  };
}

/** A UDP socket on 127.0.0.1 that reads every datagram and answers none; `received` counts them. */
export async function startSilentAgent(): Promise<{ readonly url: string; readonly received: () => number; close(): Promise<void> }> {
  const socket: Socket = createSocket('udp4');
  let count = 0;
  socket.on('message', () => count++);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    url: `udp://127.0.0.1:${socket.address().port}`,
    received: () => count,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
