#!/usr/bin/env node
// Starts the demo cluster from its TypeScript sources, with no build step:
// tsx compiles them on the fly as CommonJS, like the rest of the package's
// consumers see them. See src/main.ts for the options.
import { createRequire } from 'node:module';
import { register } from 'tsx/cjs/api';

register();
createRequire(import.meta.url)('../src/main.ts');
