/**
 * The trap receiver of one SNMP connection (`trapPort`): net-snmp's receiver on that UDP port,
 * traps and informs of every version. A trap is taken only from the connection's host (DataMiner
 * takes traps from the element's polling IP, so the URL names an IP address, not a host name). Each
 * trap receiver param whose `TrapOID` matches (a trailing or lone `*` is a wildcard) gets it, and
 * its `setBindings` set params: binding N is the Nth varbind after `sysUpTime.0` and
 * `snmpTrapOID.0` (v2c/v3; every varbind of a v1 trap), or the binding whose OID is given.
 */
import type NetSnmp from 'net-snmp';
import type { SnmpTrap } from './api.js';
import { decodeValue, hexValue, plainValue, type WireVarbind } from './codec.js';
import type { NetSnmpModule } from './loader.js';
import type { SnmpBindingSpec, SnmpTrapSpec } from './spec.js';
import type { ParamSpec } from '../spec.js';
import { dgramOnPort } from './udp-port.js';

/** A trap receiver param with the params its bindings set. */
export interface TrapRoute {
  readonly spec: SnmpTrapSpec;
  readonly bindings: readonly { readonly spec: SnmpBindingSpec; readonly param: ParamSpec }[];
}

/** A trap as it arrived: its OID, where from, its own bindings. */
export interface ReceivedTrap {
  readonly oid: string;
  readonly source: string;
  readonly bindings: readonly WireVarbind[];
}

const SYS_UP_TIME = '1.3.6.1.2.1.1.3.0';
const SNMP_TRAP_OID = '1.3.6.1.6.3.1.1.4.1.0';
/** `snmpTraps`: the generic v1 traps (coldStart…) are `snmpTraps.(generic + 1)` (RFC 3584). */
const SNMP_TRAPS = '1.3.6.1.6.3.1.1.5';
const PDU_TRAP_V1 = 164;

/** The part of net-snmp's (untyped) receiver we use. */
interface Receiver {
  close(callback: () => void): void;
  getAuthorizer(): { addUser(user: NetSnmp.User): void };
}

export class TrapReceiver {
  readonly port: number;
  readonly #receiver: Receiver;

  private constructor(receiver: Receiver, port: number) {
    this.#receiver = receiver;
    this.port = port;
  }

  /** Listens on `port` (0 = any free one); rejects when it cannot bind. */
  static async open(snmp: NetSnmpModule, port: number, v3User: NetSnmp.User | undefined, received: (trap: ReceivedTrap) => void, report: (error: unknown) => void): Promise<TrapReceiver> {
    const dgram = dgramOnPort(port);
    // Communities are not checked: a trap counts when it comes from the connection's host.
    // The socket binds `port` whatever net-snmp asks for (it would take 0 for its default, 162).
    const options = { disableAuthorization: true, dgramModule: dgram.module };
    const receiver: Receiver = snmp.createReceiver(options, (error: Error | null, notification?: Notification) => {
      if (error) report(error);
      else if (notification !== undefined) received(receivedTrap(notification));
    });
    if (v3User !== undefined) receiver.getAuthorizer().addUser(v3User);
    try {
      return new TrapReceiver(receiver, await dgram.listening());
    } catch (error) {
      receiver.close(() => undefined);
      throw error;
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      try {
        this.#receiver.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }
}

/** Whether a `TrapOID` (`1.3.6.1.4.1.9.*`, `*`, or a complete OID) matches `oid`. */
export function trapMatches(pattern: string, oid: string): boolean {
  const star = pattern.indexOf('*');
  return star < 0 ? pattern === oid : oid.startsWith(pattern.slice(0, star));
}

/** What a route's listeners get, with the values its bindings set (by param key). */
export function trapFor<V>(route: TrapRoute, trap: ReceivedTrap): SnmpTrap<V> {
  const values: Record<string, string | number> = {};
  for (const { spec, param } of route.bindings) {
    const binding = typeof spec.binding === 'number' ? trap.bindings[spec.binding - 1] : trap.bindings.find((varbind) => varbind.oid === spec.binding);
    if (binding === undefined) continue;
    const value = spec.as === 'oid' ? binding.oid : spec.as === 'hex' ? hexValue(binding) : decodeValue(binding, param, undefined);
    if (value !== undefined) values[param.key] = param.value === 'number' && typeof value === 'string' ? Number(value) : value;
  }
  return {
    oid: trap.oid,
    source: trap.source,
    bindings: trap.bindings.map((varbind) => ({ oid: varbind.oid, value: plainValue(varbind) })),
    values: values as Partial<V>,
  };
}

interface Notification {
  readonly pdu: {
    readonly type: number;
    readonly varbinds: readonly WireVarbind[];
    readonly enterprise?: string;
    readonly generic?: number;
    readonly specific?: number;
  };
  readonly rinfo: { readonly address: string };
}

function receivedTrap({ pdu, rinfo }: Notification): ReceivedTrap {
  if (pdu.type === PDU_TRAP_V1) {
    const generic = pdu.generic ?? 6;
    const oid = generic === 6 ? `${pdu.enterprise ?? ''}.${pdu.specific ?? 0}` : `${SNMP_TRAPS}.${generic + 1}`;
    return { oid, source: rinfo.address, bindings: pdu.varbinds };
  }
  const trapOid = pdu.varbinds.find((varbind) => varbind.oid === SNMP_TRAP_OID);
  const bindings = pdu.varbinds.filter((varbind) => varbind.oid !== SYS_UP_TIME && varbind.oid !== SNMP_TRAP_OID);
  return { oid: typeof trapOid?.value === 'string' ? trapOid.value : '', source: rinfo.address, bindings };
}
