#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npm start` and `npx fieldtest`
// need no build step on a fresh clone.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
await main(process.argv.slice(2));
