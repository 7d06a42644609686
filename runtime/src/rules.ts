/**
 * `@protogen-dm/runtime/rules`: the runtime's pure rules that the generator and the mock apply too
 * (which roles carry no data, the pad byte, the longest timer, items by id), so each is written once. Importing
 * this loads no socket code.
 */
export { byId, constantRoles, fillByte, structuralRoles, supportedCrcTypes } from './spec.js';
export { MAX_TIMER_MS } from './limits.js';
