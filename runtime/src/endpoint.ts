/**
 * Where and how a connection dials. One rule for both of DataMiner's documented ways
 * (protocol-semantics §2.5):
 * - the address is the dynamic-ip param's value when it holds one (a full `ws://`/`wss://` URL, or a
 *   bare `host`/`host:port` that replaces only the host of the `url` option), else the `url` option;
 * - an address that names a path is dialed as it is (a user who copies the device's full URL gets that
 *   URL); one that names none (`ws://host:port`, `ws://host:port/`) gets the handshake path param's
 *   value as its path and query.
 * Params are read at each dial, so a value written since the last open is used by the next one. A
 * value that is not an address throws a RangeError naming the param and the value.
 */
import type { ConnectionOptions } from './options.js';
import type { ParamSink } from './param-store.js';
import type { ConnectionSpec, ParamSpec } from './spec.js';

/** The dial parameters of one connection. */
/** Shared by every connection whose handshake sends no param as a header (most). */
const noHeaders: readonly { readonly name: string; readonly key: string }[] = [];

export class Endpoint {
  readonly #options: ConnectionOptions;
  readonly #params: ParamSink<string>;
  /** Key of the dynamic-ip param, watched by the connection. */
  readonly dynamicKey: string | undefined;
  readonly #pathKey: string | undefined;
  readonly #headerKeys: readonly { readonly name: string; readonly key: string }[];
  /** The dynamic-ip param's XML default: a default, so the `url` option wins over it. */
  readonly #dynamicDefault: string | undefined;

  constructor(
    spec: ConnectionSpec,
    options: ConnectionOptions,
    params: ParamSink<string>,
    param: (id: number) => ParamSpec,
  ) {
    this.#options = options;
    this.#params = params;
    const dynamic = spec.dynamicIpParam === undefined ? undefined : param(spec.dynamicIpParam);
    this.dynamicKey = dynamic?.key;
    this.#dynamicDefault = dynamic?.defaultValue === undefined ? undefined : String(dynamic.defaultValue);
    this.#pathKey = spec.handshake?.pathParam === undefined ? undefined : param(spec.handshake.pathParam).key;
    const headers = spec.handshake?.headers ?? [];
    this.#headerKeys = headers.length === 0 ? noHeaders : headers.map((h) => ({ name: h.name, key: param(h.param).key }));
  }

  /** The configured URL (what errors name when resolving fails). */
  get configuredUrl(): string {
    return this.#options.url;
  }

  /** The URL to dial now. Throws for a malformed URL or dynamic-ip value. */
  url(): string {
    let url = this.#options.url;
    const dynamic = this.#read(this.dynamicKey);
    if (dynamic !== undefined && dynamic !== this.#dynamicDefault) url = withDynamicIp(url, dynamic, this.dynamicKey ?? '');
    const path = this.#read(this.#pathKey);
    return path === undefined ? url : withPath(url, path);
  }

  /** Handshake headers: the protocol's, from params, then the options' (which win on a clash). */
  headers(): Readonly<Record<string, string>> | undefined {
    if (this.#headerKeys.length === 0) return this.#options.headers;
    const headers: Record<string, string> = {};
    for (const { name, key } of this.#headerKeys) {
      const value = this.#read(key);
      if (value !== undefined) headers[name] = value;
    }
    return { ...headers, ...this.#options.headers };
  }

  /** A param's value as text, or undefined when it has none (or an empty one). */
  #read(key: string | undefined): string | undefined {
    const value = key === undefined ? undefined : this.#params.read(key);
    return value === undefined || value === null || value === '' ? undefined : String(value);
  }
}

/**
 * Applies a dynamic-ip value to `url`: a full URL of the same family (`ws://`/`wss://` for a
 * WebSocket, `http://`/`https://` for HTTP) replaces it; a bare `host` or `host:port` replaces only
 * the host, keeping scheme, port and path.
 * @throws RangeError for anything else (the WHATWG URL setters would silently keep the old host).
 */
export function withDynamicIp(url: string, value: string, param: string): string {
  const schemes = schemesLike(url);
  const invalid = (): RangeError =>
    new RangeError(`dynamic ip param '${param}' holds ${JSON.stringify(value)}, which is neither a ${schemes.map((s) => `${s}//`).join(' or ')} URL nor host[:port]`);
  if (value.includes('://')) {
    const parsed = parse(value);
    if (parsed === undefined || !schemes.includes(parsed.protocol)) throw invalid();
    return parsed.href;
  }
  const host = parse(`ws://${value}`);
  if (host === undefined || host.username !== '' || host.password !== '' || host.pathname !== '/' || host.search !== '' || host.hash !== '' || /[/?#@\\]/.test(value)) {
    throw invalid();
  }
  const moved = new URL(url);
  moved.host = host.host;
  return moved.href;
}

/** The schemes a full dynamic-ip URL may have: the `url` option's family (ws/wss; http/https; tcp; udp). */
function schemesLike(url: string): string[] {
  const scheme = parse(url)?.protocol ?? 'ws:';
  if (scheme === 'ws:' || scheme === 'wss:') return ['ws:', 'wss:'];
  return scheme === 'http:' || scheme === 'https:' ? ['http:', 'https:'] : [scheme];
}

/** Gives `url` the handshake path `path` (which may carry a `?query`) when `url` names no path. */
export function withPath(url: string, path: string): string {
  const parsed = new URL(url);
  if (parsed.pathname !== '/' || parsed.search !== '') return url;
  const queryAt = path.indexOf('?');
  const pathname = queryAt === -1 ? path : path.slice(0, queryAt);
  parsed.pathname = `/${pathname.replace(/^\/+/, '')}`;
  if (queryAt !== -1) parsed.search = path.slice(queryAt + 1);
  return parsed.href;
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
