/**
 * undici, loaded on first use: only drivers with an HTTP connection need it installed (it is an
 * optional peer dependency of the runtime), so nothing imports it statically.
 */
import type * as Undici from 'undici';

export type UndiciModule = typeof Undici;

let loading: Promise<UndiciModule> | undefined;

/** Resolves with undici; rejects with an error that says how to install it. */
export function loadUndici(): Promise<UndiciModule> {
  loading ??= import('undici').catch((error: unknown) => {
    loading = undefined;
    throw new Error("HTTP connections need the 'undici' package: npm install undici", { cause: error });
  });
  return loading;
}
