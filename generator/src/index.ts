/** `import { generate } from '@protogen-dm/generator'`: the generator without the command line. */
export { compileSpec, generate } from './generate.js';
export type { GeneratedFile, GenerateResult, ProtocolInput, SpecResult } from './generate.js';
export { codes, formatDiagnostic } from './diagnostics.js';
export type { Code, Diagnostic, Severity } from './diagnostics.js';
export { main } from './cli/main.js';
export type { Io } from './cli/main.js';
