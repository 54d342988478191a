import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // 2-core machines: real tools (terraform, bwrap, chromium) are heavy; keep parallelism modest.
    maxWorkers: 2,
    // Terraform phones home (checkpoint) unless told not to, and would write ~/.terraform.d.
    env: { CHECKPOINT_DISABLE: '1' },
    reporters: ['default'],
  },
});
