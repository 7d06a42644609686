/**
 * DataMiner's request rules (driver-contract §10), as a pure function of the request spec and the
 * current param values: the exact method, origin, path, headers and body that go out.
 *
 *   { verb: 'GET', url: 'Dir/Sub Dir/data.xml', data: { value: '?x=1' } } on http://dev:80/api
 *   → GET http://dev:80 /api/Dir/Sub%20Dir/data.xml?x=1
 */
import type { HttpRequestSpec, HttpValueSpec } from './spec.js';

/** What one request sends. `path` is sent byte for byte (undici does not re-encode it). */
export interface OutgoingRequest {
  readonly method: string;
  /** `http://host:port`. */
  readonly origin: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

/** A param's value as text; `undefined` when it has none. */
export type ParamText = (param: number) => string | undefined;

export function buildRequest(spec: HttpRequestSpec, base: string, read: ParamText, extraHeaders: Readonly<Record<string, string>> | undefined): OutgoingRequest {
  const target = spec.url ?? (spec.pathParam === undefined ? '' : (read(spec.pathParam) ?? ''));
  let { origin, path } = resolve(base, target);
  const method = spec.verb;
  const headers: Record<string, string> = {};
  for (const header of spec.headers) {
    const value = valueOf(header, read);
    // An empty value (a param nobody set) is not sent: an empty Authorization header helps no server.
    if (header.name !== undefined && value !== '') headers[header.name] = value;
  }
  Object.assign(headers, extraHeaders);
  let body: string | undefined;
  if (spec.parameters !== undefined) {
    const form = spec.parameters.map((parameter) => `${parameter.name ?? ''}=${valueOf(parameter, read)}`).join('&');
    if (method === 'GET') path = appendQuery(path, form);
    else {
      body = form;
      if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
  } else if (spec.data !== undefined) {
    const data = valueOf(spec.data, read);
    if (method === 'GET') path += data;
    else body = data;
  }
  return { method, origin, path: path.replace(/ /g, '%20'), headers, body };
}

function valueOf(value: HttpValueSpec, read: ParamText): string {
  return value.param === undefined ? (value.value ?? '') : (read(value.param) ?? '');
}

/**
 * The origin and raw path of `target` on `base`: absolute when it contains `://`, else relative to the
 * base URL's path with exactly one `/` between. The path is taken from the text, never re-encoded.
 */
export function resolve(base: string, target: string): { origin: string; path: string } {
  if (target.includes('://')) {
    const origin = new URL(target).origin;
    const afterScheme = target.indexOf('://') + 3;
    const slash = target.slice(afterScheme).search(/[/?]/);
    const rest = slash < 0 ? '/' : target.slice(afterScheme + slash);
    return { origin, path: rest.startsWith('?') ? `/${rest}` : rest };
  }
  const { origin, basePath } = parsedBase(base);
  return { origin, path: `${basePath}/${target.replace(/^\/+/, '')}` };
}

/** The last base URL parsed: a connection asks for the same one on every request. */
let lastBase: { readonly base: string; readonly origin: string; readonly basePath: string } | undefined;

function parsedBase(base: string): { readonly origin: string; readonly basePath: string } {
  if (lastBase?.base !== base) {
    const url = new URL(base);
    lastBase = { base, origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') };
  }
  return lastBase;
}

function appendQuery(path: string, query: string): string {
  if (query === '') return path;
  return `${path}${path.includes('?') ? '&' : '?'}${query}`;
}

export function hasHeader(headers: Readonly<Record<string, string>>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}
