/**
 * Runs one session: its requests in order, each with its timeout and retries, credentials (Basic,
 * then Digest on a challenge) and redirects; stores what the responses carry and resolves with it.
 * A final status outside 2xx rejects with HttpStatusError after the values are stored.
 */
import type { Dispatcher } from 'undici';
import { ConnectionClosedError, MessageTooLargeError, PairTimeoutError } from '../errors.js';
import type { Cancellation } from '../cancellation.js';
import { digestAuthorization, parseDigestChallenge } from './digest.js';
import { Exchange, type Received } from './dispatch.js';
import { buildRequest, hasHeader, resolve, type OutgoingRequest } from './request.js';
import type { HttpRequestSpec, SessionSpec } from './spec.js';
import { HttpStatusError } from './status-error.js';

/** Redirects followed per request before the last response counts as final. */
const MAX_REDIRECTS = 5;

/** What a session run needs from its connection. */
export interface SessionContext {
  readonly connection: string;
  readonly session: SessionSpec;
  readonly baseUrl: string;
  readonly headers: Readonly<Record<string, string>> | undefined;
  /** The text of a param for a request (the call's argument, else `driver.params`). */
  text(param: number): string | undefined;
  /** Stores a received text into a param (typed like it); returns the `[key, value]` stored, if any. */
  store(param: number, text: string): [string, unknown] | undefined;
  timeoutMs(request: HttpRequestSpec): number;
  readonly retries: number;
  readonly maxBodyBytes: number;
  /** Cancelled by the caller's signal or by close(): the run stops and rejects with the reason. */
  readonly cancellation: Cancellation;
  dispatcher(origin: string): Dispatcher;
}

export async function runSession(context: SessionContext): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  for (const request of context.session.requests) {
    const response = await send(context, request);
    storeResponse(context, request, response, result);
    if (response.status < 200 || response.status > 299) {
      throw new HttpStatusError(context.session.key, context.session.id, context.connection, response.statusLine, response.status, result);
    }
  }
  return result;
}

function storeResponse(context: SessionContext, request: HttpRequestSpec, response: Received, result: Record<string, unknown>): void {
  const put = (param: number, text: string): void => {
    const stored = context.store(param, text);
    if (stored !== undefined) result[stored[0]] = stored[1];
  };
  if (request.statusParam !== undefined) put(request.statusParam, response.statusLine);
  for (const header of request.responseHeaders) {
    const value = response.headers[header.name.toLowerCase()];
    if (value !== undefined) put(header.param, Array.isArray(value) ? value.join(', ') : String(value));
  }
  if (request.contentParam !== undefined) put(request.contentParam, response.body);
}

/** One request: credentials, redirects, and the attempts its retries allow. */
async function send(context: SessionContext, spec: HttpRequestSpec): Promise<Received> {
  let outgoing = buildRequest(spec, context.baseUrl, (param) => context.text(param), context.headers);
  const credentials = credentialsOf(context);
  if (credentials !== undefined && !hasHeader(outgoing.headers, 'authorization')) {
    outgoing = withHeader(outgoing, 'Authorization', `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`);
  }
  let digestTried = false;
  for (let redirects = 0; ; ) {
    const response = await attempts(context, spec, outgoing);
    if (response.status === 401 && credentials !== undefined && !digestTried) {
      const challenge = parseDigestChallenge(headerList(response.headers['www-authenticate']));
      if (challenge !== undefined) {
        digestTried = true;
        const authorization = digestAuthorization(challenge, { method: outgoing.method, uri: outgoing.path, ...credentials });
        outgoing = withHeader(outgoing, 'Authorization', authorization);
        continue;
      }
    }
    const location = response.headers['location'];
    if (isRedirect(response.status) && typeof location === 'string' && redirects < MAX_REDIRECTS) {
      redirects++;
      outgoing = redirected(outgoing, response.status, location);
      continue;
    }
    return response;
  }
}

/** Sends until a response arrives; only a timeout or a failed connection is retried. */
async function attempts(context: SessionContext, spec: HttpRequestSpec, outgoing: OutgoingRequest): Promise<Received> {
  const timeoutMs = context.timeoutMs(spec);
  const total = context.retries + 1;
  for (let attempt = 1; ; attempt++) {
    const exchange = new Exchange(context.maxBodyBytes, context.connection);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      exchange.abort(new Error(`no response within ${timeoutMs} ms`));
    }, timeoutMs);
    const cancellation = context.cancellation;
    cancellation.watch(exchange);
    try {
      return await exchange.run(context.dispatcher(outgoing.origin), outgoing);
    } catch (error) {
      if (cancellation.cancelled) throw cancellation.reason;
      if (error instanceof MessageTooLargeError) throw error;
      // undici refuses a request it cannot write (a header value with a line break): nothing was sent,
      // and sending it again would fail the same way.
      if ((error as { code?: unknown }).code === 'UND_ERR_INVALID_ARG') {
        throw new RangeError(`Session '${context.session.key}' (${context.session.id}): ${(error as Error).message}; nothing was sent`, { cause: error });
      }
      if (attempt < total) continue;
      const session = context.session;
      if (timedOut) throw new PairTimeoutError(session.key, session.id, context.connection, timeoutMs, total, session.source);
      throw new ConnectionClosedError(context.connection, `could not complete ${outgoing.method} ${outgoing.origin}${outgoing.path}`, undefined, undefined, { cause: error });
    } finally {
      clearTimeout(timer);
      cancellation.watch(undefined);
    }
  }
}


function credentialsOf(context: SessionContext): { user: string; password: string } | undefined {
  const { userParam, passwordParam } = context.session;
  const user = userParam === undefined ? undefined : context.text(userParam);
  if (user === undefined || user === '') return undefined;
  return { user, password: passwordParam === undefined ? '' : (context.text(passwordParam) ?? '') };
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** The request a redirect asks for: 303 (and 301/302 after a POST) becomes a GET without body. */
function redirected(outgoing: OutgoingRequest, status: number, location: string): OutgoingRequest {
  const target = resolve(outgoing.origin, new URL(location, `${outgoing.origin}${outgoing.path}`).href);
  const toGet = status === 303 || ((status === 301 || status === 302) && outgoing.method === 'POST');
  const headers = { ...outgoing.headers };
  if (target.origin !== outgoing.origin) for (const name of Object.keys(headers)) if (name.toLowerCase() === 'authorization') delete headers[name];
  if (toGet) for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-type') delete headers[name];
  return { ...outgoing, ...target, headers, method: toGet ? 'GET' : outgoing.method, body: toGet ? undefined : outgoing.body };
}

function withHeader(outgoing: OutgoingRequest, name: string, value: string): OutgoingRequest {
  const headers = Object.fromEntries(Object.entries(outgoing.headers).filter(([key]) => key.toLowerCase() !== name.toLowerCase()));
  return { ...outgoing, headers: { ...headers, [name]: value } };
}

function headerList(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
