/**
 * Table reads by the array param's retrieval method (`OID@options`):
 * - `getNext`: GetNext walks the whole table (`<table>.1.<column>.<instance>`), one cell per PDU;
 *   the walk's columns, in the order they come, fill the value columns in idx order;
 * - `multipleGetNext`: one GetNext PDU per row, every column OID in it;
 * - `multipleGetBulk`: GetBulk with every column OID, `bulk` rows (max-repetitions, default 10) per
 *   PDU; v1 has no GetBulk, so a v1 connection reads such a table by `multipleGetNext`;
 * - `getNextMultipleGet`: GetNext walks the first column for the instances, then Get PDUs of `bulk`
 *   cells (default: one row) read the other columns.
 * Rows come in agent order; the `instance` column holds the OID suffix after the column OID; a cell the
 * agent lacks is absent from its row. net-snmp refuses OIDs that do not increase, so every walk ends.
 */
import { SnmpError } from '../errors.js';
import type { ParamSpec } from '../spec.js';
import { decodeValue, exceptionOf, type WireVarbind } from './codec.js';
import type { Exchange, SnmpSession } from './session.js';
import type { SnmpColumnSpec, SnmpTableSpec, SnmpVersion } from './spec.js';

export type Row = Record<string, string | number>;

/** A column and the param that types its cells. */
export interface Column {
  readonly spec: SnmpColumnSpec;
  readonly param: ParamSpec;
}

const DEFAULT_BULK = 10;

/** Reads `table` by its method; resolves with its rows. */
export function readTable(session: SnmpSession, exchange: Exchange, table: SnmpTableSpec, columns: readonly Column[], version: SnmpVersion): Promise<Row[]> {
  const rows = new Rows(columns);
  switch (table.method) {
    case 'getNext':
      return walkTable(session, exchange, table, rows);
    case 'getNextMultipleGet':
      return walkThenGet(session, exchange, table, rows);
    case 'multipleGetBulk':
      if (version !== 'v1') return walkColumns(session, exchange, rows, table.bulk ?? DEFAULT_BULK);
      return walkColumns(session, exchange, rows, undefined);
    case 'multipleGetNext':
      return walkColumns(session, exchange, rows, undefined);
  }
}

/** Rows by instance, in the order instances first appear. */
class Rows {
  readonly columns: readonly Column[];
  /** Columns read from the agent (every one but the instance column). */
  readonly read: readonly Column[];
  readonly #rows = new Map<string, Row>();
  readonly #instance: Column | undefined;

  constructor(columns: readonly Column[]) {
    this.columns = columns;
    this.read = columns.filter((column) => column.spec.instance !== true);
    this.#instance = columns.find((column) => column.spec.instance === true);
  }

  /** Stores the cell of `column` at `instance`. */
  cell(column: Column, instance: string, varbind: WireVarbind): void {
    let row = this.#rows.get(instance);
    if (row === undefined) {
      row = {};
      if (this.#instance !== undefined) {
        const key = decodeValue({ oid: varbind.oid, value: instance }, this.#instance.param, undefined);
        if (key !== undefined) row[this.#instance.spec.key] = key;
      }
      this.#rows.set(instance, row);
    }
    const value = decodeValue(varbind, column.param, undefined);
    if (value !== undefined) row[column.spec.key] = value;
  }

  instances(): string[] {
    return [...this.#rows.keys()];
  }

  /** The rows, each with its columns in idx order. */
  done(): Row[] {
    return [...this.#rows.values()].map((row) => {
      const ordered: Row = {};
      for (const column of this.columns) if (column.spec.key in row) ordered[column.spec.key] = row[column.spec.key] as string | number;
      return ordered;
    });
  }
}

/** GetNext over the whole table, one cell at a time. */
async function walkTable(session: SnmpSession, exchange: Exchange, table: SnmpTableSpec, rows: Rows): Promise<Row[]> {
  const entry = `${table.oid}.1.`;
  const byNumber = new Map<string, Column>();
  const unnumbered = rows.read.filter((column) => column.spec.oid === undefined);
  for (const column of rows.read) if (column.spec.oid?.startsWith(entry)) byNumber.set(column.spec.oid.slice(entry.length), column);
  for (let cursor = table.oid; ; ) {
    const varbind = (await next(session, exchange, { type: 'getNext', oids: [cursor] }))?.[0] as WireVarbind | undefined;
    if (varbind === undefined || exceptionOf(varbind) !== undefined || !varbind.oid.startsWith(entry)) return rows.done();
    cursor = varbind.oid;
    const rest = varbind.oid.slice(entry.length);
    const dot = rest.indexOf('.');
    if (dot < 0) continue;
    const number = rest.slice(0, dot);
    let column = byNumber.get(number);
    if (column === undefined) {
      // The walk's next new column fills the next value column without an OID.
      column = unnumbered.shift();
      if (column === undefined) continue;
      byNumber.set(number, column);
    }
    rows.cell(column, rest.slice(dot + 1), varbind);
  }
}

/** GetNext (or GetBulk with `bulk` repetitions) on every column at once, until each leaves its column. */
async function walkColumns(session: SnmpSession, exchange: Exchange, rows: Rows, bulk: number | undefined): Promise<Row[]> {
  let walking = rows.read.map((column) => ({ column, prefix: `${columnOid(column)}.`, cursor: columnOid(column) }));
  while (walking.length > 0) {
    const oids = walking.map((walk) => walk.cursor);
    const answer = await next(session, exchange, bulk === undefined ? { type: 'getNext', oids } : { type: 'getBulk', oids, maxRepetitions: bulk });
    if (answer === undefined) break;
    const still: typeof walking = [];
    walking.forEach((walk, index) => {
      const found = answer[index];
      const varbinds = (Array.isArray(found) ? found : found === undefined ? [] : [found]) as WireVarbind[];
      let inside = varbinds.length > 0;
      for (const varbind of varbinds) {
        if (exceptionOf(varbind) !== undefined || !varbind.oid.startsWith(walk.prefix)) {
          inside = false;
          break;
        }
        rows.cell(walk.column, varbind.oid.slice(walk.prefix.length), varbind);
        walk.cursor = varbind.oid;
      }
      if (inside) still.push(walk);
    });
    walking = still;
  }
  return rows.done();
}

/** GetNext on the first column for the instances, then Get PDUs of `bulk` cells for the others. */
async function walkThenGet(session: SnmpSession, exchange: Exchange, table: SnmpTableSpec, rows: Rows): Promise<Row[]> {
  const [first, ...others] = rows.read;
  if (first === undefined) return [];
  const prefix = `${columnOid(first)}.`;
  for (let cursor = columnOid(first); ; ) {
    const varbind = (await next(session, exchange, { type: 'getNext', oids: [cursor] }))?.[0] as WireVarbind | undefined;
    if (varbind === undefined || exceptionOf(varbind) !== undefined || !varbind.oid.startsWith(prefix)) break;
    cursor = varbind.oid;
    rows.cell(first, varbind.oid.slice(prefix.length), varbind);
  }
  const cells = rows.instances().flatMap((instance) => others.map((column) => ({ column, instance, oid: `${columnOid(column)}.${instance}` })));
  const perPdu = Math.max(1, table.bulk ?? others.length);
  for (let at = 0; at < cells.length; at += perPdu) {
    const batch = cells.slice(at, at + perPdu);
    const varbinds = (await session.request({ type: 'get', oids: batch.map((cell) => cell.oid) }, exchange)) as WireVarbind[];
    batch.forEach((cell, index) => {
      const varbind = varbinds[index];
      if (varbind !== undefined && exceptionOf(varbind) === undefined) rows.cell(cell.column, cell.instance, varbind);
    });
  }
  return rows.done();
}

/** A GetNext/GetBulk answer; undefined at the end of a v1 agent's MIB (noSuchName). */
async function next(session: SnmpSession, exchange: Exchange, pdu: Parameters<SnmpSession['request']>[0]): Promise<unknown[] | undefined> {
  try {
    return await session.request(pdu, exchange);
  } catch (error) {
    if (error instanceof SnmpError && error.status === 'noSuchName') return undefined;
    throw error;
  }
}

function columnOid(column: Column): string {
  if (column.spec.oid === undefined) throw new TypeError(`Table column '${column.spec.key}' has no OID: its table must be read by getNext`);
  return column.spec.oid;
}
