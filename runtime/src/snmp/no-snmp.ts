/**
 * `driver.snmp` of a protocol without SNMP connections: every read, set and walk rejects with one
 * clear error. It holds nothing, so one instance serves every such driver.
 *
 *   await driver.snmp.get('sysName')   // rejects: This protocol has no SNMP connection: …
 */
import type { SnmpApi } from './api.js';

type Values = Record<string, unknown>;

/** What polling needs of `driver.snmp`: the `param` items of a group, read by id. */
export interface SnmpPoller {
  poll(ids: readonly number[]): Promise<void>;
}

class NoSnmp implements SnmpApi<Values, Values, Values, Values>, SnmpPoller {
  get(): Promise<never> {
    return noSnmpConnection();
  }

  getMany(): Promise<never> {
    return noSnmpConnection();
  }

  set(): Promise<never> {
    return noSnmpConnection();
  }

  table(): Promise<never> {
    return noSnmpConnection();
  }

  onTrap(key: string): () => void {
    throw new RangeError(`'${key}' is not an SNMP trap receiver of this driver`);
  }

  /** A group's param items are not SNMP params here: nothing to read. */
  poll(): Promise<void> {
    return Promise.resolve();
  }

  trapPort(): undefined {
    return undefined;
  }
}

export const noSnmp = new NoSnmp();

function noSnmpConnection(): Promise<never> {
  return Promise.reject(new Error('This protocol has no SNMP connection: driver.snmp has nothing to read, set or walk'));
}
