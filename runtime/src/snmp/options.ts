/**
 * The options of an SNMP connection (`options.connections.<key>` of a driver with SNMP), re-exported
 * by api.ts, the SNMP contract.
 */
import type { SnmpVersion } from './spec.js';

export type SnmpAuthProtocol = 'md5' | 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
export type SnmpPrivProtocol = 'des' | 'aes' | 'aes256b' | 'aes256r';

/** An SNMPv3 user (USM). No `authKey` = noAuthNoPriv; `authKey` without `privKey` = authNoPriv. */
export interface SnmpUser {
  readonly name: string;
  readonly authProtocol?: SnmpAuthProtocol | undefined;
  readonly authKey?: string | undefined;
  readonly privProtocol?: SnmpPrivProtocol | undefined;
  readonly privKey?: string | undefined;
}

/** Where and how to reach one SNMP connection. */
export interface SnmpConnectionOptions {
  /** `udp://host:port`; the port defaults to 161. A value held by the connection's dynamic-ip param takes precedence. */
  readonly url: string;
  /** Overrides the version the XML gives the connection. */
  readonly version?: SnmpVersion | undefined;
  /** v1/v2c community of gets (default `public`) and of sets (default `private`). */
  readonly getCommunity?: string | undefined;
  readonly setCommunity?: string | undefined;
  /** v3: required when the version is v3. */
  readonly user?: SnmpUser | undefined;
  /** Receive traps on this UDP port (0 = any free port; see `SnmpApi.trapPort`); none = no trap receiver. */
  readonly trapPort?: number | undefined;
}
