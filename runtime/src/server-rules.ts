/**
 * Server mode's options of one connection (`listen`, `allowedAddresses`) and the protocol's
 * `maxConcurrentConnections`, checked once at construction and turned into the rules a listener applies:
 *
 *   { url: 'tcp://0.0.0.0:5100', listen: true, allowedAddresses: ['10.0.0.7'] }, maxConcurrentConnections:3
 *   → { maxClients: 3, allowed: BlockList [ '10.0.0.7' ] }
 */
import { BlockList, isIP } from 'node:net';
import { MAX_SERVER_CLIENTS } from './limits.js';
import type { ConnectionOptions } from './options.js';
import type { ConnectionSpec } from './spec.js';
import { hostAndPort } from './stream-url.js';

/** Who may connect to a listening connection. */
export interface ServerRules {
  /** Clients connected at once. */
  readonly maxClients: number;
  /**
   * Addresses clients may connect from; undefined = any. A node:net BlockList compares addresses, not
   * spellings: `::ffff:7f00:2`, `::ffff:127.0.0.2` and `127.0.0.2` are one client, as are `::1` and `0:0:0:0:0:0:0:1`.
   */
  readonly allowed: Pick<BlockList, 'check'> | undefined;
}

/**
 * Server mode's rules when a connection's options ask for it (`listen: true`), else undefined. A
 * listener takes a `tcp://host:port` or `udp://host:port` (port 0: any free one); the client limit and
 * `allowedAddresses` are TCP's (DataMiner's are), a UDP listener answers whoever sent last.
 */
export function serverRules(spec: ConnectionSpec, options: ConnectionOptions): ServerRules | undefined {
  const { key } = spec;
  const { listen, allowedAddresses } = options;
  if (listen !== undefined && typeof listen !== 'boolean') throw new TypeError(`options.connections.${key}.listen must be a boolean, got ${String(listen)}`);
  if (listen !== true) {
    if (allowedAddresses !== undefined) throw new TypeError(`options.connections.${key}.allowedAddresses: only a connection in server mode (listen: true) has clients to allow`);
    return undefined;
  }
  const udp = options.url.startsWith('udp:');
  hostAndPort(options.url, udp ? 'udp:' : 'tcp:', true);
  if (udp && allowedAddresses !== undefined) throw new TypeError(`options.connections.${key}.allowedAddresses: only a TCP listener (tcp://) has an allowed-address list`);
  return { maxClients: spec.maxConcurrentConnections ?? MAX_SERVER_CLIENTS, allowed: allowedList(key, allowedAddresses) };
}

/** `allowedAddresses` as the list the listener checks: IP addresses only (a host name never matches a peer). */
function allowedList(key: string, addresses: readonly string[] | undefined): BlockList | undefined {
  if (addresses === undefined) return undefined;
  if (!Array.isArray(addresses)) throw new TypeError(`options.connections.${key}.allowedAddresses must be an array of IP addresses`);
  // An empty list would refuse every client: a mistake (an unfilled list), never a rule anyone means.
  if (addresses.length === 0) throw new RangeError(`options.connections.${key}.allowedAddresses is empty: no client could connect (omit it to allow any address)`);
  const allowed = new BlockList();
  for (const address of addresses as readonly unknown[]) {
    const family = typeof address === 'string' ? isIP(address) : 0;
    if (family === 0) throw new TypeError(`options.connections.${key}.allowedAddresses: ${String(address)} is not an IP address`);
    allowed.addAddress(address as string, family === 6 ? 'ipv6' : 'ipv4');
  }
  return allowed;
}
