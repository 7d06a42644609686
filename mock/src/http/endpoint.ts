/**
 * The HTTP side of a mock device (driver-contract §10): one node:http server per HTTP connection.
 * Each request is matched to a session's request by verb and path (a literal `url` first, then any
 * request whose path comes from a param) and answered 200 with its response params' values: the
 * content param's value as the body, each response-header param as that header. A script per
 * session replaces status, headers or body, delays or drops the answer.
 *
 *   <Request verb="GET" url="/api/items"/><Response><Content pid="11"/></Response>
 *   GET /api/items → 200, body = value of param 11 (set(), default, or a sample)
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionSpec, HttpRequestSpec, ParamSpec, ProtocolSpec, SessionSpec } from '@protogen-dm/runtime';
import { frameValues } from '../sample-values.js';
import type { MockValues, ReceivedRequest, SessionScript } from '../types.js';

/** What an endpoint reads from its device. */
export interface HttpDeviceSide {
  readonly overrides: Readonly<MockValues>;
  scriptOf(session: SessionSpec): SessionScript | undefined;
  /** The script's drop count is used up by one. */
  dropped(session: SessionSpec): void;
  record(request: ReceivedRequest): void;
  log(line: string): void;
  after(ms: number, run: () => void): void;
}

interface Route {
  readonly session: SessionSpec;
  readonly request: HttpRequestSpec;
}

export class HttpEndpoint {
  readonly connection: ConnectionSpec;
  readonly #server: Server;
  readonly #routes: readonly Route[];
  readonly #params: ReadonlyMap<number, ParamSpec>;
  readonly #device: HttpDeviceSide;
  readonly #sockets = new Set<Socket>();

  static async listen(spec: ProtocolSpec, connection: ConnectionSpec, host: string, port: number, device: HttpDeviceSide): Promise<HttpEndpoint> {
    const endpoint = new HttpEndpoint(spec, connection, device);
    await new Promise<void>((resolve, reject) => {
      endpoint.#server.once('error', reject);
      endpoint.#server.listen(port, host, () => {
        endpoint.#server.off('error', reject);
        resolve();
      });
    });
    return endpoint;
  }

  private constructor(spec: ProtocolSpec, connection: ConnectionSpec, device: HttpDeviceSide) {
    this.connection = connection;
    this.#device = device;
    this.#params = new Map(spec.params.map((param) => [param.id, param]));
    const sessions = (spec.sessions ?? []).filter((session) => session.connection === connection.id);
    this.#routes = sessions.flatMap((session) => session.requests.map((request) => ({ session, request })));
    this.#server = createServer((request, response) => this.#handle(request, response));
    this.#server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  get port(): number {
    const address = this.#server.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  /** Destroys every socket (like a reset); the server keeps listening. */
  resetSockets(): void {
    for (const socket of this.#sockets) socket.destroy();
  }

  async close(): Promise<void> {
    this.resetSockets();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const method = request.method ?? 'GET';
      const path = request.url ?? '/';
      const route = this.#route(method, path);
      const body = Buffer.concat(chunks).toString('utf8');
      this.#device.record({ connection: this.connection.id, session: route?.session.key, method, path, headers: { ...request.headers }, body });
      this.#device.log(`[conn ${this.connection.id}] ${method} ${path} → ${route ? route.session.key : 'no session, 404'}`);
      if (route === undefined) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('no session of the protocol sends this request\n');
        return;
      }
      this.#answer(route, response);
    });
  }

  /**
   * A literal url that matches the path (query ignored); else a request of that verb whose path param's
   * value as the mock knows it (set(), else the default) is that path; else the first whose path is a param.
   * Protocols whose QActions fill one URL param per session (GitHub's) route each session this way.
   */
  #route(method: string, path: string): Route | undefined {
    const pathOnly = path.split('?')[0] ?? path;
    const literal = this.#routes.find(({ request }) => request.verb === method && request.url !== undefined && samePath(request.url, pathOnly));
    if (literal !== undefined) return literal;
    const byParam = this.#routes.filter(({ request }) => request.verb === method && request.url === undefined);
    return byParam.find(({ request }) => this.#knownPath(request.pathParam, pathOnly)) ?? byParam[0];
  }

  /** Whether param `id` holds, as far as the mock knows, the path `path`. */
  #knownPath(id: number | undefined, path: string): boolean {
    const param = id === undefined ? undefined : this.#params.get(id);
    const value = param === undefined ? undefined : (this.#device.overrides[param.key] ?? param.defaultValue);
    return value !== undefined && samePath(String(value), path);
  }

  #answer(route: Route, response: ServerResponse): void {
    const script = this.#device.scriptOf(route.session);
    if (script?.drop !== undefined && (script.drop === 'all' || script.drop > 0)) {
      this.#device.dropped(route.session);
      this.#device.log(`[conn ${this.connection.id}] answer to ${route.session.key} dropped`);
      response.socket?.destroy();
      return;
    }
    const send = (): void => {
      if (response.destroyed) return;
      const values = this.#values(route.request);
      const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
      for (const header of route.request.responseHeaders) {
        const value = values.get(header.param);
        if (value !== undefined) headers[header.name] = value;
      }
      Object.assign(headers, script?.headers);
      const content = route.request.contentParam === undefined ? '' : (values.get(route.request.contentParam) ?? '');
      response.writeHead(script?.status ?? 200, headers).end(script?.body ?? content);
    };
    const delayMs = script?.delayMs ?? 0;
    if (delayMs > 0) this.#device.after(delayMs, send);
    else send();
  }

  /** Values of the response's params, as text: set(), the default, a discrete value or a sample. */
  #values(request: HttpRequestSpec): Map<number, string> {
    const ids = [...request.responseHeaders.map((header) => header.param), ...(request.contentParam === undefined ? [] : [request.contentParam])];
    const params = ids.flatMap((id) => this.#params.get(id) ?? []);
    const values = frameValues(params, this.#device.overrides, 0);
    return new Map(params.map((param) => [param.id, String(values[param.key] ?? '')]));
  }
}

/** `api/items` and `/api/items` are one path; spaces are compared as DataMiner sends them (`%20`). */
function samePath(url: string, path: string): boolean {
  const normalise = (text: string): string => `/${text.replace(/^\/+/, '').split('?')[0] ?? ''}`.replace(/ /g, '%20');
  return url.includes('://') ? normalise(new URL(url).pathname) === normalise(path) : normalise(url) === normalise(path);
}
