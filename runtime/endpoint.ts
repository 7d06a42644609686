/**
 * The URL a connection dials: the configured URL, with the host taken from the dynamic-ip param when it
 * holds one, and the handshake path param appended.
 */

/**
 * Applies a dynamic-ip value to `url`: a full URL (`ws://…`) replaces it; a bare `host` or `host:port`
 * (what DataMiner's dynamic IP params usually hold) replaces only the host, keeping scheme, port and path.
 */
export function withDynamicHost(url: string, value: string): string {
  if (value.includes('://')) return value;
  const parsed = new URL(url);
  parsed.host = value;
  return parsed.href;
}

/** Appends `path` (which may carry a `?query`) to the path of `url`, with exactly one `/` between. */
export function withPath(url: string, path: string): string {
  const parsed = new URL(url);
  const queryAt = path.indexOf('?');
  const pathname = queryAt === -1 ? path : path.slice(0, queryAt);
  parsed.pathname = `${parsed.pathname.replace(/\/+$/, '')}/${pathname.replace(/^\/+/, '')}`;
  if (queryAt !== -1) parsed.search = path.slice(queryAt + 1);
  return parsed.href;
}
