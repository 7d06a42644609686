/**
 * How server mode names a client: `IP:port`, as DataMiner logs connects and disconnects
 * (`10.12.200.242:65871`; IPv6 bracketed, `[fe80::1]:65871`). A client on a dual-stack socket
 * (`::ffff:10.0.0.7`) is named by the IPv4 address it is.
 */
import { isIPv4 } from 'node:net';

/** An IP address as named: IPv4 mapped into IPv6 as plain IPv4, IPv6 in lower case. */
function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address.toLowerCase();
}

/** `IP:port` of a remote peer (`[IPv6]:port`). */
export function clientName(address: string, port: number): string {
  const plain = plainAddress(address);
  return isIPv4(plain) ? `${plain}:${port}` : `[${plain}]:${port}`;
}
