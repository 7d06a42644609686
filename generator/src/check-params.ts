/**
 * Params the codec could not encode or decode, reported now (PG0040–PG0042, PG0045) rather than
 * discovered at run time, and discrete values that do not fit their param (PG0043). For example
 *
 *   <Param id="2"><Name>Level</Name><Interprete><RawType>double</RawType><Length>3</Length>…
 *   → PG0040 param 2 "Level": RawType double needs LengthType fixed with Length 4 or 8, not Length 3
 *
 * Only params in a frame protogen runs are checked strictly; the rules are param-spec.ts's, so the
 * check and the spec the plan builds cannot disagree.
 */
import { supportedCrcTypes } from '@protogen-dm/runtime/rules';
import type { Code, DiagnosticBag } from './diagnostics.js';
import type { ParamModel, ProtocolModel } from './model.js';
import { constantOf, crcOf, lengthOf, lengthProblem, lengthTypeOf, rawTypeOf, roleOf, valueKind } from './param-spec.js';
import { parseNumber } from './read-util.js';
import { discreteParams, wireParamIds } from './scope.js';
import type { SourceOffset } from './source-lines.js';

export function checkParams(model: ProtocolModel, bag: DiagnosticBag): void {
  const wire = wireParamIds(model);
  for (const param of model.params) if (wire.has(param.id)) checkWireParam(param, bag);
  for (const param of discreteParams(model.params)) checkDiscretes(param, bag);
}

function checkWireParam(param: ParamModel, bag: DiagnosticBag): void {
  const interprete = param.interprete;
  const report = (code: Code, message: string, at: SourceOffset): void => bag.report(code, at, `param ${param.id} "${param.name}": ${message}`);
  // Point at the first present Interprete child a problem is about, else the Interprete, else the Param.
  const at = (...children: (SourceOffset | undefined)[]): SourceOffset => children.find((place) => place !== undefined) ?? interprete?.at ?? param.at;
  for (const element of interprete?.unsupported ?? []) {
    report('PG0045', `Interprete/${element.name} is not applied: values are encoded and decoded without it`, element.at);
  }
  const raw = rawTypeOf(param);
  if (raw === undefined) report('PG0040', `unknown RawType "${interprete?.rawType}"`, at(interprete?.rawTypeAt));
  const lengthType = lengthTypeOf(param);
  if (lengthType === undefined) report('PG0040', `unknown LengthType "${interprete?.lengthType}"`, at(interprete?.lengthTypeAt));
  const constant = constantOf(param);
  if (constant?.problem !== undefined) report('PG0041', constant.problem, at(interprete?.valueAt));
  const declared = interprete?.length;
  if (constant?.hex !== undefined && lengthType === 'fixed' && declared !== undefined && declared !== constant.hex.length / 2) {
    report('PG0046', `Value is ${constant.hex.length / 2} byte(s) long, Length says ${declared}: make them agree`, at(interprete?.lengthAt));
  }
  // An unknown type was reported above; its length is judged as the default's, as the spec will be.
  const length = lengthOf(param, lengthType ?? 'next param', constant);
  const problem = lengthProblem(raw ?? 'other', lengthType ?? 'next param', length);
  if (problem !== undefined) report('PG0040', problem, lengthType === 'fixed' ? at(interprete?.lengthAt, interprete?.lengthTypeAt) : at(interprete?.lengthTypeAt, interprete?.rawTypeAt));
  if (roleOf(param) === 'crc' && crcOf(param) === undefined) {
    report('PG0042', `CRC/Type "${param.crcType?.type ?? ''}" is not supported (supported: ${supportedCrcTypes.join(', ')})`, param.crcType?.at ?? param.at);
  }
}

function checkDiscretes(param: ParamModel, bag: DiagnosticBag): void {
  if (valueKind(param) !== 'number') return;
  for (const discrete of [...param.discretes, ...(param.interprete?.exceptions ?? [])]) {
    if (parseNumber(discrete.value) === undefined) {
      bag.report('PG0043', discrete.at, `discrete value "${discrete.value}" of param ${param.id} is not a number; it is left out of the type`);
    }
  }
}
