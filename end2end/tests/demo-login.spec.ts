import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, expectNoHorizontalScroll, screenshots } from './helpers';

// The demo identity provider's login page: what a tester sees after "Inloggen met DigiD"
// in demo mode. The portal's own login flow drives it in a later issue; here the page
// itself must meet the same bars as every other page.
for (const { client, provider, service } of [
  { client: 'mijnzaken-digid', provider: 'digid', service: 'DigiD' },
  { client: 'mijnzaken-eherkenning', provider: 'eherkenning', service: 'eHerkenning' },
]) {
  test(`demo ${service} login page: accessible, plainly a test login`, async ({ page, baseURL }) => {
    const params = new URLSearchParams({
      response_type: 'code',
      client_id: client,
      redirect_uri: `${baseURL}/auth/${provider}/callback`,
      scope: `openid ${provider === 'digid' ? 'bsn' : 'kvk'}`,
      state: 'e2e-state',
      nonce: 'e2e-nonce',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    await page.goto(`/demo/oidc/authorize?${params}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Testlogin ${service}`);
    await expect(page.getByText(`Dit is niet de echte ${service}.`)).toBeVisible();
    await expectNoAxeViolations(page);
    await expectNoHorizontalScroll(page);
    await screenshots(page, `demo-login-${provider}`);
  });
}
