#!/usr/bin/env node
// The mwl-bridge command. The code runs unbuilt: tsx's loader lets Node import the TypeScript
// sources (the same as `node --import tsx src/main.ts`).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
