#!/usr/bin/env node
// One bundled file (scripts/bundle-cli.js): loading it is a fraction of loading the modules it is made of.
import { main } from '../dist/bundle/protogen.js';

process.exitCode = await main(process.argv.slice(2));
