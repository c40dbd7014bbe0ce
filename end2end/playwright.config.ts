import { defineConfig } from '@playwright/test';

// Browser tests drive the real binary (built by `cargo build`, debug profile, the same
// one the Rust tests use) in demo mode, with Debian's Chromium. Never download a browser.
const port = Number(process.env.E2E_PORT ?? 3107);
const baseURL = `http://127.0.0.1:${port}`;
/** A second portal whose Documenten API is down (see tests/degraded.spec.ts). */
export const degradedPort = port + 1;
export const degradedURL = `http://127.0.0.1:${degradedPort}`;

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: [
    {
      command: '../target/debug/mijnzaken',
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        MIJNZAKEN_ADDR: `127.0.0.1:${port}`,
        MIJNZAKEN_PUBLIC_URL: baseURL,
        MIJNZAKEN_DEMO: '1',
        MIJNZAKEN_DATA_DIR: `../target/e2e-data-${process.pid}`,
        RUST_LOG: process.env.RUST_LOG ?? 'warn',
      },
    },
    {
      // The same demo, with its Documenten API out of reach: the partial-failure pages.
      command: '../target/debug/mijnzaken',
      url: `${degradedURL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        MIJNZAKEN_ADDR: `127.0.0.1:${degradedPort}`,
        MIJNZAKEN_PUBLIC_URL: degradedURL,
        MIJNZAKEN_DEMO: '1',
        MIJNZAKEN_DOCUMENTEN_API_URL: 'http://127.0.0.1:9/documenten/api/v1/',
        MIJNZAKEN_ZGW_TIMEOUT_SECONDS: '2',
        MIJNZAKEN_DATA_DIR: `../target/e2e-data-degraded-${process.pid}`,
        RUST_LOG: process.env.RUST_LOG ?? 'error',
      },
    },
  ],
});
