/**
 * The SNMP facts of the model (read-snmp.ts reads them, check-snmp.ts checks them, plan-snmp.ts turns
 * them into the runtime's `SnmpSpec`). Like the rest of the model it holds text as written, with
 * positions: OIDs are resolved (VendorOID/DeviceOID, the untyped defaults) by the plan, not here.
 */
import type { SnmpSetMode } from '@protogen-dm/runtime';
import type { SourceOffset } from './source-lines.js';

// model.ts imports this file, so the two node shapes are restated here rather than imported back.
interface Node {
  readonly at: SourceOffset;
}

interface Reference extends Node {
  readonly id: number;
}

/** `Param/SNMP/OID` or `Param/SNMP/TrapOID`. */
export interface SnmpOidModel extends Node {
  /** The element's text, trimmed ('' for `<OID type="auto"/>`). */
  readonly text: string;
  /** `@type`, lower case; undefined when absent. */
  readonly type: string | undefined;
  /** `@id`: the param whose value replaces the `*`. */
  readonly wildcardParam: Reference | undefined;
  /** `@options`, keys lower case (`instance`, `multiplegetbulk` → '15' for `multipleGetBulk:15`). */
  readonly options: ReadonlyMap<string, string>;
  readonly optionsAt: SourceOffset;
}

/** `Param/SNMP`. */
export interface ParamSnmpModel extends Node {
  /** `Enabled` is `true` (case-insensitive). */
  readonly enabled: boolean;
  readonly oid: SnmpOidModel | undefined;
  readonly trap: SnmpTrapModel | undefined;
  /** `Type` text as written. */
  readonly type: (Node & { readonly text: string }) | undefined;
  /** `SNMP@options GetCommunity:N`, `SetCommunity:N`, `ContextName:N`: the connection ids this param serves. */
  readonly communityOf: { readonly get?: number; readonly set?: number; readonly contextName?: number };
}

export interface SnmpTrapModel extends SnmpOidModel {
  /** `@setBindings` as written; undefined when absent. */
  readonly setBindings: string | undefined;
  readonly setBindingsAt: SourceOffset;
}

/** `Param@options snmpSet…` or `Param@snmpSetAndGet`: how a write param is set, where that is written. */
export interface SnmpSetModel extends Node {
  readonly mode: SnmpSetMode;
}

/** `ArrayOptions` with its `ColumnOption`s (or the older `<Type id="1001;1002">array</Type>`). */
export interface ArrayModel extends Node {
  /** `ArrayOptions@index`: idx of the key column (0 when absent). */
  readonly index: number;
  /** `Type@id` columns (idx = position), then `ColumnOption`s; `idx` undefined when unreadable. */
  readonly columns: readonly (Reference & { readonly idx: number | undefined })[];
}
