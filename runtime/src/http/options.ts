/** Options of one HTTP connection (the driver's `connections` option, under the connection's key). */
export interface HttpConnectionOptions {
  /** `http://host:port` or `https://host:port`, optionally with a base path. A dynamic-ip param's value wins. */
  readonly url: string;
  /** Extra request headers, sent with every request (they win over the protocol's on a clash). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Verify the server's TLS certificate (default `true`); `false` accepts a self-signed one. */
  readonly rejectUnauthorized?: boolean | undefined;
  /** Proxy URL (`http://proxy:3128`) every request of the connection goes through. */
  readonly proxy?: string | undefined;
}
