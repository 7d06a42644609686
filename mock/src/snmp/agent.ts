/**
 * One SNMP connection of the mock: a net-snmp agent on UDP (v1, v2c and v3 at once, as a
 * multi-lingual agent) whose request PDUs the device answers from its objects (requests.ts). Each
 * PDU is recorded, then dropped, delayed or answered as the device's faults and scripts say.
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import type { ConnectionSpec } from '@protogen-dm/runtime';
import type { ReceivedPdu, SnmpMockUser } from '../types.js';
import { loadNetSnmp, netSnmpUser, type NetSnmp, type NetSnmpAgent, type RequestMessage } from './net-snmp.js';
import type { Answer, Varbind } from './requests.js';

/** What the agent asks its device for each PDU. */
export interface AgentDevice {
  /** Records the PDU and decides: undefined = drop it; else answer after `delayMs` with `answer()`. */
  received(pdu: ReceivedPdu, varbinds: readonly Varbind[]): { delayMs: number; answer: () => Answer } | undefined;
  log(line: string): void;
  after(ms: number, run: () => void): void;
}

export interface AgentAccess {
  readonly getCommunity: string;
  readonly setCommunity: string;
  readonly user: SnmpMockUser;
}

export class SnmpAgent {
  readonly connection: ConnectionSpec;
  readonly port: number;
  readonly #agent: NetSnmpAgent;

  /** Listens on `host:port` (0 = any free port); rejects when the port cannot be bound. */
  static async listen(connection: ConnectionSpec, host: string, port: number, access: AgentAccess, device: AgentDevice): Promise<SnmpAgent> {
    const snmp = await loadNetSnmp();
    let socket: Socket | undefined;
    // net-snmp binds its own socket to `options.port || 161`: port 0 would become 161, so the
    // socket it creates is bound here, where the port is ours.
    const dgramModule = {
      createSocket: (type: 'udp4' | 'udp6'): Socket => {
        const created = createSocket(type);
        const bind = created.bind.bind(created);
        created.bind = ((): Socket => bind(port, host)) as Socket['bind'];
        socket = created;
        return created;
      },
    };
    const transport = isIP(host) === 6 ? 'udp6' : 'udp4';
    const agent = snmp.createAgent({ port, address: host, transport, dgramModule }, (error) => {
      if (error !== null) device.log(`[conn ${connection.id}] ${error.message}`);
    });
    await bound(socket).catch((error: unknown) => {
      agent.close();
      throw error;
    });
    return new SnmpAgent(snmp, connection, agent, socket, access, device);
  }

  private constructor(snmp: NetSnmp, connection: ConnectionSpec, agent: NetSnmpAgent, socket: Socket | undefined, access: AgentAccess, device: AgentDevice) {
    this.connection = connection;
    this.#agent = agent;
    this.port = socket?.address().port ?? 0;
    const authorizer = agent.getAuthorizer();
    authorizer.addCommunity(access.getCommunity);
    authorizer.addCommunity(access.setCommunity);
    authorizer.addUser(netSnmpUser(snmp, access.user));
    const handle = (type: ReceivedPdu['type']) => (socket: Socket, message: RequestMessage, rinfo: unknown): void => {
      try {
        const version = message.version === snmp.Version1 ? 'v1' : message.version === snmp.Version3 ? 'v3' : 'v2c';
        const pdu: ReceivedPdu = {
          connection: connection.id,
          version,
          type,
          oids: message.pdu.varbinds.map((varbind) => varbind.oid),
          ...(version === 'v3' ? { user: message.user?.name ?? '' } : { community: message.community ?? '' }),
          ...(type === 'getBulk' ? { nonRepeaters: message.pdu.nonRepeaters ?? 0, maxRepetitions: message.pdu.maxRepetitions ?? 0 } : {}),
        };
        const plan = device.received(pdu, message.pdu.varbinds);
        if (plan === undefined) return;
        const send = (): void => this.#respond(socket, message, rinfo, plan.answer());
        if (plan.delayMs > 0) device.after(plan.delayMs, send);
        else send();
      } catch (error) {
        device.log(`[conn ${connection.id}] cannot answer: ${(error as Error).message}`);
      }
    };
    agent.getRequest = handle('get');
    agent.getNextRequest = handle('getNext');
    agent.getBulkRequest = handle('getBulk');
    agent.setRequest = handle('set');
  }

  #respond(socket: Socket, message: RequestMessage, rinfo: unknown, answer: Answer): void {
    const response = message.pdu.getResponsePduForRequest();
    response.errorStatus = answer.errorStatus;
    response.errorIndex = answer.errorIndex;
    response.varbinds = answer.varbinds.map((varbind) => ({ ...varbind }));
    this.#agent.sendResponse(socket, rinfo, message, response);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#agent.close(() => resolve()));
  }
}

function bound(socket: Socket | undefined): Promise<void> {
  if (socket === undefined) return Promise.reject(new Error('net-snmp created no socket'));
  return new Promise((resolve, reject) => {
    const fail = (error: Error): void => {
      socket.off('listening', done);
      reject(error);
    };
    const done = (): void => {
      socket.off('error', fail);
      resolve();
    };
    socket.once('error', fail);
    socket.once('listening', done);
  });
}
