import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    // Hooks build whole demo portfolios and databases; a busy 2-core machine needs more than the default 10 s.
    hookTimeout: 180_000,
  },
});
