// The shared contracts (server/src/contracts). Relative on purpose: tsc does not know Vite's
// `@contracts` alias until tsconfig.json gets a matching `paths` entry; once it does, this file
// becomes `export * from '@contracts'` and nothing else changes.
export * from '../../../server/src/contracts/index.ts';
