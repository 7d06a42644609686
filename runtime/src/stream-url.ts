/** `tcp://host:port` and `udp://host:port`: the one URL rule of byte-stream links. */

/** Host and port of a byte-stream URL (`anyPort`: a listener's, where 0 = any free port). @throws TypeError for another scheme, a path or a missing port. */
export function hostAndPort(url: string, scheme: 'tcp:' | 'udp:', anyPort = false): { host: string; port: number } {
  const parsed = new URL(url);
  if (parsed.protocol !== scheme) throw new TypeError(`${url} is not a ${scheme}// URL`);
  const port = Number(parsed.port);
  if (parsed.port === '' || !Number.isInteger(port) || port < (anyPort ? 0 : 1)) throw new TypeError(`${url} names no port (${scheme}//host:port)`);
  if ((parsed.pathname !== '' && parsed.pathname !== '/') || parsed.search !== '' || parsed.username !== '') {
    throw new TypeError(`${url}: a ${scheme}// URL is host:port only`);
  }
  // IPv6 literals come bracketed from URL; node:net wants them bare.
  return { host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port };
}
