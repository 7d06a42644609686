/**
 * Reconnect delays: exponential growth, a cap and jitter, so a fleet of drivers does not reconnect in
 * lock-step after a device restart (fixed-interval reconnect is a long-standing complaint against MQTT.js).
 */
import { DEFAULT_RECONNECT } from './limits.js';
import { checkCount, checkRange, type ReconnectPolicy } from './options.js';

/** A reconnect policy with every field filled in. */
export interface Backoff {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly factor: number;
  readonly jitter: number;
  readonly maxAttempts: number;
  readonly stableMs: number;
}

/** Turns the `reconnect` option into a complete policy, or `undefined` when reconnecting is off. */
export function resolveBackoff(option: boolean | ReconnectPolicy | undefined): Backoff | undefined {
  if (option === undefined || option === false) return undefined;
  const policy: ReconnectPolicy = option === true ? {} : option;
  checkRange('reconnect.initialDelayMs', policy.initialDelayMs, 0);
  checkRange('reconnect.maxDelayMs', policy.maxDelayMs, 0);
  checkRange('reconnect.factor', policy.factor, 1, 1000);
  checkRange('reconnect.jitter', policy.jitter, 0, 1);
  if (policy.maxAttempts !== Number.POSITIVE_INFINITY) checkCount('reconnect.maxAttempts', policy.maxAttempts);
  checkRange('reconnect.stableMs', policy.stableMs, 0);
  return {
    initialDelayMs: policy.initialDelayMs ?? DEFAULT_RECONNECT.initialDelayMs,
    maxDelayMs: policy.maxDelayMs ?? DEFAULT_RECONNECT.maxDelayMs,
    factor: policy.factor ?? DEFAULT_RECONNECT.factor,
    jitter: policy.jitter ?? DEFAULT_RECONNECT.jitter,
    maxAttempts: policy.maxAttempts ?? DEFAULT_RECONNECT.maxAttempts,
    stableMs: policy.stableMs ?? DEFAULT_RECONNECT.stableMs,
  };
}

/**
 * Delay before reconnect attempt `attempt` (0-based): `min(max, initial · factor^attempt)`, of which the
 * `jitter` share is random ("full jitter" at 1: uniform between 0 and the exponential value).
 */
export function backoffDelay(backoff: Backoff, attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(backoff.maxDelayMs, backoff.initialDelayMs * backoff.factor ** attempt);
  return Math.round(exponential * (1 - backoff.jitter * random()));
}
