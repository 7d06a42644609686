/** `import { generate } from 'protogen'`: the generator without the command line. */
export { compileProtocol, generate } from './generate.js';
export type { CompileResult, GeneratedFile, GenerateResult, ProtocolInput } from './generate.js';
export { codes, formatDiagnostic } from './diagnostics.js';
export type { Code, Diagnostic, Severity } from './diagnostics.js';
