/**
 * Where and how a connection dials: the configured URL, moved to the host held by the dynamic-ip param,
 * extended by the handshake path param, and the handshake headers. Params are read at each dial, so a
 * value written since the last open is used by the next one.
 */
import type { ConnectionOptions } from './options.js';
import type { ParamSink } from './param-store.js';
import type { ConnectionSpec, ParamSpec } from './spec.js';

/** The dial parameters of one connection. */
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
    this.#headerKeys = (spec.handshake?.headers ?? []).map((h) => ({ name: h.name, key: param(h.param).key }));
  }

  /** The configured URL (what errors name when resolving fails). */
  get configuredUrl(): string {
    return this.#options.url;
  }

  /**
   * The URL to dial now. Throws for a malformed URL. A full URL held by the dynamic-ip param is used as
   * it is: it already names the path, which the handshake path param would otherwise add a second time.
   */
  url(): string {
    let url = this.#options.url;
    const dynamic = this.#read(this.dynamicKey);
    if (dynamic !== undefined && dynamic !== this.#dynamicDefault) {
      if (dynamic.includes('://')) return dynamic;
      url = withDynamicHost(url, dynamic);
    }
    const path = this.#read(this.#pathKey);
    if (path !== undefined) url = withPath(url, path);
    return url;
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
