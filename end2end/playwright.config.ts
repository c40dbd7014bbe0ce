import { defineConfig } from '@playwright/test';

// Browser tests drive the real binary (built by `cargo build`, debug profile, the same
// one the Rust tests use), in demo mode and in production mode, with Debian's Chromium.
// Never download a browser.
const port = Number(process.env.E2E_PORT ?? 3107);
const baseURL = `http://127.0.0.1:${port}`;
/**
 * A second portal in production mode, as a gemeente runs it: its DigiD is the certified
 * oidc-provider (tests/oidc-provider) on a third port, another origin; its Zaken and
 * Catalogi APIs are the first portal's demo ZGW; its Documenten API is out of reach (see
 * tests/production.spec.ts).
 */
export const productionPort = port + 1;
export const productionURL = `http://127.0.0.1:${productionPort}`;
const opPort = port + 2;
export const opURL = `http://127.0.0.1:${opPort}`;
/** The accounts at the provider, by the name its login page asks for. */
export const opAccounts = {
  jansen: {
    bsn: '999993653',
    loa: 'urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract',
  },
};
const opClient = { id: 'mijnzaken-e2e', secret: 'e2e-geheim-0123456789' };
const demoZgw = (api: string) => `${baseURL}/demo/zgw/${api}/api/v1/`;

export default defineConfig({
  testDir: './tests',
  globalTeardown: './teardown.ts',
  outputDir: './test-results',
  fullyParallel: true,
  workers: 2,
  // A hang guard, not a speed target: the longest test walks every demo zaak with axe and
  // screenshots (about 20 s on an idle machine of this kind, over 30 s on a busy one).
  timeout: 90_000,
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
        // Every test logs in from 127.0.0.1: one client to the rate limit.
        MIJNZAKEN_RATE_LIMIT: 'off',
        MIJNZAKEN_DATA_DIR: `../target/e2e-data-${process.pid}`,
        RUST_LOG: process.env.RUST_LOG ?? 'warn',
      },
    },
    {
      // The certified provider, registered for the production portal only.
      command: 'node ../tests/oidc-provider/server.js',
      url: `${opURL}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        OP_PORT: String(opPort),
        OP_EXIT_ON_STDIN_CLOSE: '0',
        OP_ACCOUNTS: JSON.stringify(opAccounts),
        OP_CLIENTS: JSON.stringify([
          {
            client_id: opClient.id,
            client_secret: opClient.secret,
            redirect_uris: [`${productionURL}/auth/digid/callback`],
            post_logout_redirect_uris: [`${productionURL}/uitgelogd`],
          },
        ]),
      },
    },
    {
      command: '../target/debug/mijnzaken',
      url: `${productionURL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        MIJNZAKEN_DEMO: '0',
        MIJNZAKEN_ADDR: `127.0.0.1:${productionPort}`,
        MIJNZAKEN_PUBLIC_URL: productionURL,
        MIJNZAKEN_GEMEENTE_NAAM: 'Gemeente Voorbeeld',
        MIJNZAKEN_GEMEENTE_TELEFOON: '14 0000',
        MIJNZAKEN_GEMEENTE_WEBSITE: 'https://www.example.org',
        MIJNZAKEN_ZAKEN_API_URL: demoZgw('zaken'),
        MIJNZAKEN_CATALOGI_API_URL: demoZgw('catalogi'),
        MIJNZAKEN_DOCUMENTEN_API_URL: 'http://127.0.0.1:9/documenten/api/v1/',
        // The demo ZGW's own (public, demo-only) credentials.
        MIJNZAKEN_ZGW_CLIENT_ID: 'mijnzaken-demo',
        MIJNZAKEN_ZGW_SECRET: 'demo-geheim-niet-voor-productie',
        MIJNZAKEN_ZGW_TIMEOUT_SECONDS: '2',
        MIJNZAKEN_DIGID_ISSUER_URL: opURL,
        MIJNZAKEN_DIGID_CLIENT_ID: opClient.id,
        MIJNZAKEN_DIGID_CLIENT_SECRET: opClient.secret,
        MIJNZAKEN_DIGID_LOA_CLAIM: 'loa',
        MIJNZAKEN_DIGID_MIN_LOA: 'midden',
        MIJNZAKEN_DATA_DIR: `../target/e2e-data-production-${process.pid}`,
        RUST_LOG: process.env.RUST_LOG ?? 'error',
      },
    },
  ],
});
