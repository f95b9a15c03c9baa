#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx): one artefact for development and production, no build
// step to forget. See docs/adr/0003-run-typescript-with-tsx.md.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
