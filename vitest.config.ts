import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: native addons (onnxruntime, hnswlib) and child processes share them.
    pool: 'forks',
    maxWorkers: 2,
  },
});
