/** Stage 4, emit: one generated file from its plan, the sections in a fixed order, each from its own emitter. */
import type { Plan } from '../plan.js';
import { emitBanner } from './banner.js';
import { emitDiscretes } from './discretes.js';
import { emitDriver } from './driver.js';
import { emitParams } from './params.js';
import { emitProtocol } from './protocol.js';
import { emitResults } from './results.js';
import { emitSnmp } from './snmp.js';

export function emitFile(plan: Plan): string {
  return [emitBanner, emitDiscretes, emitParams, emitProtocol, emitResults, emitSnmp, emitDriver].map((emit) => emit(plan)).join('');
}
