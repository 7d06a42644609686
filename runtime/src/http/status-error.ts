/** A session's final response (after redirects) had a status outside 2xx. */
export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
  /** The session's key (the generated method name). */
  readonly session: string;
  readonly sessionId: number;
  readonly connection: string;
  readonly status: number;
  /** `HTTP/1.1 404 Not Found`. */
  readonly statusLine: string;
  /** What the responses stored (status line, headers, body), keyed by param; `driver.params` has them too. */
  readonly values: Readonly<Record<string, unknown>>;

  constructor(session: string, sessionId: number, connection: string, statusLine: string, status: number, values: Readonly<Record<string, unknown>>) {
    super(`Session '${session}' (${sessionId}) on connection '${connection}' ended with ${statusLine}`);
    this.session = session;
    this.sessionId = sessionId;
    this.connection = connection;
    this.status = status;
    this.statusLine = statusLine;
    this.values = values;
  }
}
