/**
 * A bare net-snmp manager and trap receiver for the mock's tests (not protogen's runtime): promise
 * wrappers with a short timeout and no retries, closed after each test.
 */
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import snmp from 'net-snmp';

export { snmp };

export interface Vb {
  readonly oid: string;
  readonly type: number;
  readonly value: unknown;
}

const sessions: snmp.Session[] = [];
const receivers: { close(): void }[] = [];

export function closeClients(): void {
  for (const session of sessions.splice(0)) session.close();
  for (const receiver of receivers.splice(0)) receiver.close();
}

/** `udp://127.0.0.1:port` → port. */
export function portOf(url: string): number {
  const match = /^udp:\/\/127\.0\.0\.1:(\d+)$/.exec(url);
  if (match?.[1] === undefined) throw new Error(`not a udp URL: ${url}`);
  return Number(match[1]);
}

export interface Manager {
  get(oids: string[]): Promise<Vb[]>;
  getNext(oids: string[]): Promise<Vb[]>;
  getBulk(oids: string[], nonRepeaters: number, maxRepetitions: number): Promise<Vb[]>;
  set(varbinds: Vb[]): Promise<Vb[]>;
}

export function community(port: number, name: string, version: 'v1' | 'v2c' = 'v2c', timeout = 500): Manager {
  const session = snmp.createSession('127.0.0.1', name, { port, version: version === 'v1' ? snmp.Version1 : snmp.Version2c, timeout, retries: 0 });
  sessions.push(session);
  return manager(session);
}

export function v3(port: number, user: { name: string; authKey: string; privKey: string }, timeout = 500): Manager {
  const session = snmp.createV3Session(
    '127.0.0.1',
    { name: user.name, level: snmp.SecurityLevel.authPriv, authProtocol: snmp.AuthProtocols.sha, authKey: user.authKey, privProtocol: snmp.PrivProtocols.aes, privKey: user.privKey },
    { port, version: snmp.Version3, timeout, retries: 0 },
  );
  sessions.push(session);
  return manager(session);
}

function manager(session: snmp.Session): Manager {
  const done = (resolve: (varbinds: Vb[]) => void, reject: (error: Error) => void) => (error: Error | null, varbinds?: Vb[]) => {
    if (error) reject(error);
    else resolve(varbinds ?? []);
  };
  return {
    get: (oids) => new Promise((resolve, reject) => void session.get(oids, done(resolve, reject) as never)),
    getNext: (oids) => new Promise((resolve, reject) => void session.getNext(oids, done(resolve, reject) as never)),
    getBulk: (oids, nonRepeaters, maxRepetitions) => new Promise((resolve, reject) => void session.getBulk(oids, nonRepeaters, maxRepetitions, done(resolve, reject) as never)),
    set: (varbinds) => new Promise((resolve, reject) => void session.set(varbinds as never, done(resolve, reject) as never)),
  };
}

export interface Notification {
  readonly pdu: { readonly type: number; readonly varbinds: Vb[] };
}

/** A net-snmp trap receiver on 127.0.0.1 and a free port; resolves with its port and the first notification. */
export async function trapReceiver(accept: { community?: string; user?: object }): Promise<{ port: number; next: Promise<Notification> }> {
  let socket: Socket | undefined;
  // net-snmp binds to `port || 162`: bind its socket ourselves to port 0.
  const dgramModule = {
    createSocket: (type: 'udp4') => {
      const created = createSocket(type);
      const bind = created.bind.bind(created);
      created.bind = (() => bind(0, '127.0.0.1')) as Socket['bind'];
      socket = created;
      return created;
    },
  };
  let deliver: (notification: Notification) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const next = new Promise<Notification>((resolve, reject) => {
    deliver = resolve;
    fail = reject;
  });
  const receiver = snmp.createReceiver({ port: 1, address: '127.0.0.1', dgramModule }, (error: Error | null, notification: Notification) => {
    if (error) fail(error);
    else deliver(notification);
  }) as { close(): void; getAuthorizer(): { addCommunity(name: string): void; addUser(user: object): void } };
  receivers.push(receiver);
  if (accept.community !== undefined) receiver.getAuthorizer().addCommunity(accept.community);
  if (accept.user !== undefined) receiver.getAuthorizer().addUser(accept.user);
  const bound = socket;
  if (bound === undefined) throw new Error('net-snmp created no socket');
  await once(bound, 'listening');
  return { port: bound.address().port, next };
}
