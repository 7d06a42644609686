/**
 * HTTP Digest access authentication (RFC 7616), client side: MD5 and SHA-256 (and their `-sess`
 * variants), `qop=auth` or none. undici has no Digest; this is all a challenge needs.
 *
 *   WWW-Authenticate: Digest realm="dev", nonce="abc", qop="auth", algorithm=SHA-256
 *   → Authorization: Digest username="u", realm="dev", nonce="abc", uri="/x", algorithm=SHA-256,
 *     response="…", qop=auth, nc=00000001, cnonce="…"
 */
import { createHash, randomBytes } from 'node:crypto';

export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  readonly opaque: string | undefined;
  readonly algorithm: string;
  readonly qop: string | undefined;
}

const hashes: Readonly<Record<string, string>> = { MD5: 'md5', 'SHA-256': 'sha256' };

/** The Digest challenge among `WWW-Authenticate` values, if one uses an algorithm supported here. */
export function parseDigestChallenge(values: readonly string[]): DigestChallenge | undefined {
  for (const value of values) {
    const match = /^\s*Digest\s+(.*)$/is.exec(value);
    if (!match?.[1]) continue;
    const fields = authParams(match[1]);
    const algorithm = fields.get('algorithm') ?? 'MD5';
    const realm = fields.get('realm');
    const nonce = fields.get('nonce');
    if (realm === undefined || nonce === undefined || hashes[algorithm.toUpperCase().replace(/-SESS$/, '')] === undefined) continue;
    const qops = fields.get('qop')?.split(',').map((qop) => qop.trim());
    if (qops !== undefined && !qops.includes('auth')) continue;
    return { realm, nonce, opaque: fields.get('opaque'), algorithm, qop: qops === undefined ? undefined : 'auth' };
  }
  return undefined;
}

/** `key=value` and `key="quoted, value"` pairs, keys lower case. */
function authParams(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  const pattern = /([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  for (const match of text.matchAll(pattern)) {
    const key = match[1];
    if (key !== undefined) fields.set(key.toLowerCase(), match[2] === undefined ? (match[3] ?? '') : match[2].replace(/\\(.)/g, '$1'));
  }
  return fields;
}

/** The `Authorization` header answering `challenge` for one request; `cnonce` is random unless given. */
export function digestAuthorization(
  challenge: DigestChallenge,
  request: { readonly method: string; readonly uri: string; readonly user: string; readonly password: string; readonly nc?: number; readonly cnonce?: string },
): string {
  const upper = challenge.algorithm.toUpperCase();
  const session = upper.endsWith('-SESS');
  const algorithm = hashes[upper.replace(/-SESS$/, '')] ?? 'md5';
  const hash = (text: string): string => createHash(algorithm).update(text, 'utf8').digest('hex');
  const cnonce = request.cnonce ?? randomBytes(16).toString('hex');
  const nc = (request.nc ?? 1).toString(16).padStart(8, '0');
  let ha1 = hash(`${request.user}:${challenge.realm}:${request.password}`);
  if (session) ha1 = hash(`${ha1}:${challenge.nonce}:${cnonce}`);
  const ha2 = hash(`${request.method}:${request.uri}`);
  const response = challenge.qop === 'auth' ? hash(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:auth:${ha2}`) : hash(`${ha1}:${challenge.nonce}:${ha2}`);
  const quoted = (text: string): string => `"${text.replace(/["\\]/g, '\\$&')}"`;
  const parts = [
    `username=${quoted(request.user)}`,
    `realm=${quoted(challenge.realm)}`,
    `nonce=${quoted(challenge.nonce)}`,
    `uri=${quoted(request.uri)}`,
    `algorithm=${challenge.algorithm}`,
    `response=${quoted(response)}`,
  ];
  if (challenge.opaque !== undefined) parts.push(`opaque=${quoted(challenge.opaque)}`);
  if (challenge.qop === 'auth') parts.push('qop=auth', `nc=${nc}`, `cnonce=${quoted(cnonce)}`);
  return `Digest ${parts.join(', ')}`;
}
