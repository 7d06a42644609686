#!/usr/bin/env node
// One bundled file (scripts/bundle-cli.js): loading it is a fraction of loading the modules it is made of.
import { main } from '../dist/bundle/protogen.js';

const code = await main(process.argv.slice(2));
// Exit once stdout and stderr are flushed. Left to end by itself, Node first tears the V8 heap down
// page by page: ~200 MB of them after generating 20 000 params, longer than writing the driver took.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
