/**
 * The part of net-snmp the mock uses, typed here so the mock's declarations need no `@types/net-snmp`.
 * net-snmp is imported on first use only: a protocol without SNMP never loads it.
 *
 * The agent's wire side is net-snmp's (BER, communities, USM auth and privacy, engine discovery and
 * reports); its MIB is not: net-snmp's providers serve scalars only at `.0`, cannot follow a wildcard
 * OID, cast a set's value to the object's type instead of answering wrongType, and cap a GetBulk at
 * max-repetitions varbinds. So the mock takes over the four request handlers the agent dispatches to
 * (`getRequest`, …, not in net-snmp's documented API: pinned by the ^3.29 range and by the tests) and
 * answers through the agent's `sendResponse`, which also maps v2 error statuses down for v1.
 */
import type { Socket } from 'node:dgram';
import type { SnmpMockUser } from '../types.js';

export interface RequestVarbind {
  readonly oid: string;
  readonly type: number;
  readonly value: unknown;
}

export interface ResponsePdu {
  errorStatus?: number;
  errorIndex?: number;
  varbinds: unknown[];
}

/** A decoded request as the agent hands it on. */
export interface RequestMessage {
  readonly version: number;
  readonly community?: string;
  readonly user?: { readonly name: string };
  readonly pdu: {
    readonly type: number;
    readonly varbinds: readonly RequestVarbind[];
    readonly nonRepeaters?: number;
    readonly maxRepetitions?: number;
    getResponsePduForRequest(): ResponsePdu;
  };
}

export type RequestHandler = (socket: Socket, message: RequestMessage, rinfo: unknown) => void;

export interface NetSnmpAgent {
  getAuthorizer(): { addCommunity(community: string): void; addUser(user: object): void };
  close(callback?: () => void): void;
  getRequest: RequestHandler;
  setRequest: RequestHandler;
  getNextRequest: RequestHandler;
  getBulkRequest: RequestHandler;
  sendResponse(socket: Socket, rinfo: unknown, message: RequestMessage, pdu: ResponsePdu): void;
}

export interface NetSnmpSession {
  trap(oid: string, varbinds: readonly object[], callback: (error: Error | null) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  close(): void;
}

export interface NetSnmp {
  createAgent(options: object, callback: (error: Error | null) => void): NetSnmpAgent;
  createSession(target: string, community: string, options: object): NetSnmpSession;
  createV3Session(target: string, user: object, options: object): NetSnmpSession;
  readonly Version1: number;
  readonly Version2c: number;
  readonly Version3: number;
  readonly PduType: { readonly GetRequest: number; readonly GetNextRequest: number; readonly GetBulkRequest: number; readonly SetRequest: number };
  readonly SecurityLevel: { readonly noAuthNoPriv: number; readonly authNoPriv: number; readonly authPriv: number };
  readonly AuthProtocols: Readonly<Record<string, number>>;
  readonly PrivProtocols: Readonly<Record<string, number>>;
}

let loading: Promise<NetSnmp> | undefined;

/** net-snmp, loaded once. @throws Error naming the package when it is not installed. */
export function loadNetSnmp(): Promise<NetSnmp> {
  loading ??= import('net-snmp').then(
    (module: { default?: unknown }) => (module.default ?? module) as NetSnmp,
    (error: unknown) => {
      loading = undefined;
      throw new Error(`the mock's SNMP agent needs the net-snmp package (npm install net-snmp): ${(error as Error).message}`);
    },
  );
  return loading;
}

/** A USM user in net-snmp's shape; the level follows from the keys given. */
export function netSnmpUser(snmp: NetSnmp, user: SnmpMockUser): object {
  const level = user.authKey === undefined ? snmp.SecurityLevel.noAuthNoPriv : user.privKey === undefined ? snmp.SecurityLevel.authNoPriv : snmp.SecurityLevel.authPriv;
  return {
    name: user.name,
    level,
    ...(user.authKey === undefined ? {} : { authProtocol: snmp.AuthProtocols[user.authProtocol ?? 'sha'], authKey: user.authKey }),
    ...(user.privKey === undefined ? {} : { privProtocol: snmp.PrivProtocols[user.privProtocol ?? 'aes'], privKey: user.privKey }),
  };
}
