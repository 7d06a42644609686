/**
 * HTTP sessions as data (driver-contract §10). The generator resolves every XML quirk: attribute
 * values that name params are param ids, a verb is upper case, wrapped header text is one line.
 */

/** A value sent literally or read from a param. */
export interface HttpValueSpec {
  /** Header or form/query key; absent for `Data`. */
  readonly name?: string;
  readonly value?: string;
  readonly param?: number;
}

/** One `Session/Connection`: a request and the params its response fills. */
export interface HttpRequestSpec {
  /** Upper-case verb (`GET` when the XML has none). */
  readonly verb: string;
  /** Literal path or URL (`Request@url`); wins over `pathParam`. With neither, the connection's URL itself. */
  readonly url?: string;
  /** Param holding the path or URL (`Request@pid`). */
  readonly pathParam?: number;
  readonly timeoutMs?: number;
  readonly headers: readonly HttpValueSpec[];
  /** `Data`: on GET appended to the URL as it is, else the body. */
  readonly data?: HttpValueSpec;
  /** `Parameters`: the query string on GET, a form body otherwise (not percent-encoded, as DataMiner). */
  readonly parameters?: readonly HttpValueSpec[];
  /** Param that gets the status line (`HTTP/1.1 200 OK`). */
  readonly statusParam?: number;
  /** Response header (case-insensitive) → param. */
  readonly responseHeaders: readonly { readonly name: string; readonly param: number }[];
  /** Param that gets the body. */
  readonly contentParam?: number;
}

export interface SessionSpec {
  readonly id: number;
  /** The generated method's name. */
  readonly key: string;
  /** Id of the HTTP connection it runs on. */
  readonly connection: number;
  readonly timeoutMs?: number;
  /** Keep the TCP connection open after the session (`@keepAlive`); otherwise it is closed. */
  readonly keepAlive?: boolean;
  /** Params holding the user name and password (`@userName`, `@password`): Basic, then Digest on a challenge. */
  readonly userParam?: number;
  readonly passwordParam?: number;
  readonly requests: readonly HttpRequestSpec[];
  /** Where the session is declared (`protocol.xml:118`). */
  readonly source?: string;
}
