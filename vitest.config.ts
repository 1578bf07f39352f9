import { defineConfig } from 'vitest/config';

// Two tiers (CONVENTIONS: immich's tiers): pure unit tests beside the code, and integration /
// end-to-end tests under tests/ that talk to the real database, Redis, broker and Chromium.
// Integration files share those services, so they run one file at a time.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{server,geo,optimizer,simulator,console}/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
