/**
 * The values the mock puts in a frame it sends. For each data param, in order: the value set through
 * the API, the param's default value, its discrete values, a sample of its type. Answers always use
 * sequence 0, so the same command gets the same answer; periodic pushes count up (1, 2, 3…) so a
 * listener sees the stream move: discrete values take turns and samples change.
 */
import type { ParamSpec } from '@protogen-dm/runtime';
import { structuralRoles } from '@protogen-dm/runtime/rules';
import type { MockValues } from './types.js';

/** Used when a number param has no range. */
const NUMBER_SAMPLE = 42;

/** The values of every data param of one frame. */
export function frameValues(params: readonly ParamSpec[], overrides: Readonly<MockValues>, sequence: number): MockValues {
  const values: MockValues = {};
  for (const param of params) {
    if (structuralRoles.has(param.role)) continue; // the codec fixes or computes these
    values[param.key] = valueOf(param, overrides, sequence);
  }
  agreeLengths(params, overrides, values);
  return values;
}

/**
 * A field sized by a plain data param (`other param` whose source is not a `length` param, as in
 * DataMiner's timeout-only responses) gets a source value that says its byte length, unless the
 * source value was set through the API.
 */
function agreeLengths(params: readonly ParamSpec[], overrides: Readonly<MockValues>, values: MockValues): void {
  for (const param of params) {
    if (param.lengthType !== 'other param' || param.lengthParam === undefined) continue;
    const source = params.find((candidate) => candidate.id === param.lengthParam);
    const value = values[param.key];
    if (source === undefined || structuralRoles.has(source.role) || overrides[source.key] !== undefined || value === undefined) continue;
    values[source.key] = source.value === 'number' ? String(value).length : String(String(value).length);
  }
}

function valueOf(param: ParamSpec, overrides: Readonly<MockValues>, sequence: number): string | number {
  const override = overrides[param.key];
  if (override !== undefined) return override;
  if (param.defaultValue !== undefined) return param.defaultValue;
  const discretes = param.discretes;
  if (discretes !== undefined && discretes.length > 0) {
    const discrete = discretes[sequence % discretes.length];
    if (discrete !== undefined) return discrete;
  }
  return param.value === 'number' ? sampleNumber(param, sequence) : sampleString(param, sequence);
}

/** `sample`, `sample 1`…, cut to a fixed length: the codec refuses a string longer than its field. */
function sampleString(param: ParamSpec, sequence: number): string {
  const sample = sequence === 0 ? 'sample' : `sample ${sequence}`;
  return param.lengthType === 'fixed' && param.length !== undefined ? sample.slice(-param.length) : sample;
}

/** Mid-range (or 42), stepping by one per sequence and wrapping inside the range. */
function sampleNumber(param: ParamSpec, sequence: number): number {
  const { low, high } = param;
  const base = low !== undefined && high !== undefined ? (low + high) / 2 : clamp(NUMBER_SAMPLE, low, high);
  if (sequence === 0 || low === undefined || high === undefined || high <= low) {
    return round(clamp(base + sequence, low, high), param.decimals ?? 0);
  }
  return round(low + ((base - low + sequence) % (high - low)), param.decimals ?? 0);
}

function clamp(value: number, low: number | undefined, high: number | undefined): number {
  if (low !== undefined && value < low) return low;
  if (high !== undefined && value > high) return high;
  return value;
}

function round(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}
