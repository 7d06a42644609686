/**
 * net-snmp, loaded on first use: only drivers with an SNMP connection need it installed (it is an
 * optional peer dependency of the runtime, as undici is for HTTP), so nothing imports it statically.
 */
import type NetSnmp from 'net-snmp';

export type NetSnmpModule = typeof NetSnmp;

let loading: Promise<NetSnmpModule> | undefined;

/** Resolves with net-snmp; rejects with an error that says how to install it. */
export function loadNetSnmp(): Promise<NetSnmpModule> {
  loading ??= import('net-snmp').then(
    // A CommonJS package: its exports object is the default export.
    (module) => module.default,
    (error: unknown) => {
      loading = undefined;
      throw new Error("SNMP connections need the 'net-snmp' package: npm install net-snmp", { cause: error });
    },
  );
  return loading;
}
