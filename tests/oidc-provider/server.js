// Test OpenID Provider for MijnZaken integration tests.
//
// Wraps the certified `oidc-provider` (panva) with:
//   * configuration from environment variables (see README.md),
//   * a non-interactive, plain-HTTP login: POST /interaction/<uid>/login with
//     form field `login=<account id>` logs in AND grants everything requested,
//   * RP-initiated logout without a confirmation page (unless OP_LOGOUT_CONFIRM=1).
//
// stdout carries exactly one line, `LISTENING http://127.0.0.1:<port>`; every
// other message goes to stderr. The process exits on SIGTERM/SIGINT and when
// its stdin closes (unless OP_EXIT_ON_STDIN_CLOSE=0).

import * as crypto from 'node:crypto';
import * as http from 'node:http';
import * as querystring from 'node:querystring';

// oidc-provider prints notices with console.info (i.e. to stdout). stdout is
// reserved for the LISTENING line, so route all console output to stderr.
for (const method of ['log', 'info', 'debug']) {
  console[method] = (...args) => console.error(...args);
}
process.stdout.on('error', () => {}); // parent may close its read end early

const { default: Provider, errors } = await import('oidc-provider');

function log(...args) {
  console.error('[test-op]', ...args);
}

function fail(message) {
  log(`configuration error: ${message}`);
  process.exit(2);
}

function jsonEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  try {
    return JSON.parse(raw);
  } catch (err) {
    return fail(`${name} is not valid JSON: ${err.message}`);
  }
}

function intEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) fail(`${name} must be a non-negative integer, got ${raw}`);
  return n;
}

function boolEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  return fail(`${name} must be 0 or 1, got ${raw}`);
}

// A comma-separated list; undefined when unset or empty (then the provider's default).
function listEnv(name) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const items = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) fail(`${name} must be a comma-separated list, got ${raw}`);
  return items;
}

// ---------------------------------------------------------------- config ---

const PORT = intEnv('OP_PORT', 0);
if (PORT > 65535) fail('OP_PORT out of range');
const CLIENTS = jsonEnv('OP_CLIENTS', []);
const ACCOUNTS = jsonEnv('OP_ACCOUNTS', {});
const CLAIMS_IN_ID_TOKEN = boolEnv('OP_CLAIMS_IN_ID_TOKEN', true);
const LOGOUT_CONFIRM = boolEnv('OP_LOGOUT_CONFIRM', false);
const EXIT_ON_STDIN_CLOSE = boolEnv('OP_EXIT_ON_STDIN_CLOSE', true);
const LOG_REQUESTS = boolEnv('OP_LOG', false);
const TOKEN_AUTH_METHODS = listEnv('OP_TOKEN_AUTH_METHODS');
const TTL = {
  AccessToken: intEnv('OP_ACCESS_TOKEN_TTL', 600),
  AuthorizationCode: intEnv('OP_CODE_TTL', 60),
  IdToken: intEnv('OP_ID_TOKEN_TTL', 600),
  Interaction: intEnv('OP_INTERACTION_TTL', 600),
  Session: intEnv('OP_SESSION_TTL', 3600),
  Grant: intEnv('OP_SESSION_TTL', 3600),
};

if (!Array.isArray(CLIENTS)) fail('OP_CLIENTS must be a JSON array');
if (CLIENTS.length === 0) log('warning: OP_CLIENTS is empty, no client can log in');
if (ACCOUNTS === null || typeof ACCOUNTS !== 'object' || Array.isArray(ACCOUNTS)) {
  fail('OP_ACCOUNTS must be a JSON object {"<account id>": {<claims>}}');
}
for (const [id, claims] of Object.entries(ACCOUNTS)) {
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) {
    fail(`OP_ACCOUNTS["${id}"] must be an object of claims`);
  }
}

// scope -> claims. `loa` is released with the `openid` scope (always requested).
const SCOPE_CLAIMS = {
  openid: ['sub', 'loa'],
  bsn: ['bsn'],
  kvk: ['kvk', 'rsin', 'vestiging'],
};

function hasAccount(id) {
  return typeof id === 'string' && id !== '' && Object.hasOwn(ACCOUNTS, id);
}

async function findAccount(ctx, sub) {
  if (!hasAccount(sub)) return undefined;
  return {
    accountId: sub,
    // `use` is 'id_token' or 'userinfo'; the provider filters the result down
    // to the claims allowed by the granted scopes / claims parameter.
    async claims(use) {
      if (use === 'id_token' && !CLAIMS_IN_ID_TOKEN) return { sub };
      return { ...ACCOUNTS[sub], sub };
    },
  };
}

// RS256 signing key, fresh per process (RPs fetch it from jwks_uri).
const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = {
  ...privateKey.export({ format: 'jwk' }),
  kid: `test-op-${crypto.randomBytes(4).toString('hex')}`,
  use: 'sig',
  alg: 'RS256',
};

function htmlEscape(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function configuration() {
  return {
    clients: CLIENTS,
    // Discovery's token_endpoint_auth_methods_supported lists exactly these; an unknown
    // method makes the Provider constructor throw (exit 2, before LISTENING).
    ...(TOKEN_AUTH_METHODS ? { clientAuthMethods: TOKEN_AUTH_METHODS } : {}),
    findAccount,
    claims: SCOPE_CLAIMS,
    scopes: ['openid', ...Object.keys(SCOPE_CLAIMS).filter((s) => s !== 'openid')],
    // Put scope-requested claims into the ID token as well (not only userinfo).
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    pkce: { required: () => true },
    jwks: { keys: [signingKey] },
    // Signed cookies (the `.sig` companions); random per process.
    cookies: {
      keys: [crypto.randomBytes(32).toString('base64url')],
      // Non-secure, SameSite=Lax: fine on plain http://127.0.0.1.
      long: { httpOnly: true, sameSite: 'lax', secure: false },
      short: { httpOnly: true, sameSite: 'lax', secure: false },
    },
    ttl: TTL,
    interactions: {
      url: (ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.type = 'html';
          ctx.body = `<!DOCTYPE html><html><head><title>Logout</title></head><body>
<h1>Uitloggen bij test-OP?</h1>${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout">Ja, uitloggen</button>
<button type="submit" form="op.logoutForm">Nee</button></body></html>`;
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = 'html';
          ctx.body = '<!DOCTYPE html><html><head><title>Logged out</title></head><body><h1>Uitgelogd</h1></body></html>';
        },
      },
    },
    renderError: async (ctx, out) => {
      ctx.type = 'json';
      ctx.body = out;
    },
  };
}

// ------------------------------------------------------- custom routes ---

const INTERACTION_RE = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?$/;
const BODY_LIMIT = 16 * 1024;

async function readRawBody(ctx) {
  const chunks = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += chunk.length;
    if (size > BODY_LIMIT) ctx.throw(413, 'body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readForm(ctx) {
  // No body is an empty form, whatever the Content-Type says (a browser submits the
  // field-less abort form with the form type and Content-Length: 0; some clients send no
  // length at all). ctx.is() would be null without a body.
  const hasBody = ctx.get('transfer-encoding') !== '' || (ctx.request.length ?? 0) > 0;
  if (!hasBody) return {};
  if (!ctx.is('application/x-www-form-urlencoded')) {
    if (!ctx.get('content-type')) return {};
    ctx.throw(415, 'expected application/x-www-form-urlencoded');
  }
  return querystring.parse(await readRawBody(ctx));
}

// oidc-provider accepts client_secret_basic and client_secret_post interchangeably for a
// client registered with either (lib/shared/client_auth.js), so a test could not tell
// which one the RP used. The harness holds a client to the method it is registered with:
// a mismatch at POST /token gets 401 invalid_client before the code is looked up.
// Returns true when it answered the request.
async function enforceRegisteredClientAuth(ctx) {
  if (ctx.method !== 'POST' || ctx.path !== '/token') return false;
  if (!ctx.is('application/x-www-form-urlencoded')) return false;
  const raw = await readRawBody(ctx);
  // The stream is consumed; oidc-provider then reads the body from here (and says so once).
  ctx.req.body = raw;
  const form = querystring.parse(raw);
  const authorization = ctx.get('authorization');
  let used;
  let clientId = typeof form.client_id === 'string' ? form.client_id : undefined;
  if (/^basic /i.test(authorization)) {
    used = 'client_secret_basic';
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i !== -1) {
      try { clientId = decodeURIComponent(decoded.slice(0, i).replace(/\+/g, '%20')); } catch { /* the provider reports it */ }
    }
  } else if (form.client_secret !== undefined) {
    used = 'client_secret_post';
  }
  const client = CLIENTS.find((c) => c && c.client_id === clientId);
  if (!used || !client) return false; // nothing to compare: the provider decides
  const registered = client.token_endpoint_auth_method || 'client_secret_basic';
  if (used === registered) return false;
  ctx.status = 401;
  ctx.type = 'json';
  ctx.body = {
    error: 'invalid_client',
    error_description: `client ${clientId} is registered for ${registered} but used ${used}`,
  };
  log(`token: refused ${used} for ${clientId} (registered: ${registered})`);
  return true;
}

function plain(ctx, status, text) {
  ctx.status = status;
  ctx.type = 'text/plain; charset=utf-8';
  ctx.body = `${text}\n`;
}

function requestedClaimNames(params) {
  const names = new Set();
  if (typeof params.claims === 'string' && params.claims) {
    try {
      const parsed = JSON.parse(params.claims);
      for (const section of ['id_token', 'userinfo']) {
        if (parsed && typeof parsed[section] === 'object' && parsed[section]) {
          Object.keys(parsed[section]).forEach((c) => names.add(c));
        }
      }
    } catch { /* the provider already validated it */ }
  }
  return [...names];
}

async function handleInteraction(provider, ctx, uid, action) {
  let interaction;
  try {
    interaction = await provider.interactionDetails(ctx.req, ctx.res);
  } catch (err) {
    if (err instanceof errors.SessionNotFound) {
      return plain(ctx, 400, `interaction not found or expired (is the _interaction cookie sent?): ${err.error_description || err.message}`);
    }
    throw err;
  }
  if (interaction.uid !== uid) {
    return plain(ctx, 400, 'interaction uid does not match the _interaction cookie');
  }
  const { prompt, params } = interaction;

  if (ctx.method === 'GET' && action === undefined) {
    ctx.type = 'html';
    ctx.body = `<!DOCTYPE html><html><head><title>Test OP login</title></head><body>
<h1>Test OP: inloggen (${htmlEscape(prompt.name)})</h1>
<p>client: ${htmlEscape(params.client_id)} &mdash; scope: ${htmlEscape(params.scope)}</p>
<form method="post" action="/interaction/${htmlEscape(uid)}/login">
<label>Account <input name="login" autofocus></label>
<button type="submit">Inloggen</button></form>
<form method="post" action="/interaction/${htmlEscape(uid)}/abort"><button type="submit">Annuleren</button></form>
<p>accounts: ${Object.keys(ACCOUNTS).map(htmlEscape).join(', ')}</p>
</body></html>`;
    return undefined;
  }

  if (ctx.method !== 'POST' || action === undefined) {
    return plain(ctx, 405, 'use GET /interaction/<uid>, POST /interaction/<uid>/login or POST /interaction/<uid>/abort');
  }

  const form = await readForm(ctx);
  let result;
  if (action === 'abort') {
    result = { error: 'access_denied', error_description: 'End-User aborted interaction' };
  } else {
    const login = Array.isArray(form.login) ? form.login[0] : form.login;
    if (!hasAccount(login)) {
      return plain(ctx, 400, `unknown account: ${JSON.stringify(login ?? null)}`);
    }
    // Login and consent in one go: grant everything that was requested.
    let grant;
    if (interaction.grantId && interaction.session?.accountId === login) {
      grant = await provider.Grant.find(interaction.grantId);
    }
    grant ||= new provider.Grant({ accountId: login, clientId: params.client_id });
    if (params.scope) grant.addOIDCScope(params.scope);
    const claims = requestedClaimNames(params);
    if (claims.length) grant.addOIDCClaims(claims);
    const missingResourceScopes = prompt.details?.missingResourceScopes;
    if (missingResourceScopes) {
      for (const [indicator, scopes] of Object.entries(missingResourceScopes)) {
        grant.addResourceScope(indicator, scopes.join(' '));
      }
    }
    const grantId = await grant.save();
    result = {
      login: { accountId: login, remember: true },
      consent: { grantId },
    };
  }
  const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, {
    mergeWithLastSubmission: false,
  });
  ctx.status = 303;
  ctx.redirect(returnTo);
  return undefined;
}

// GET /session/end/auto?xsrf=... : performs the provider's own logout
// confirmation (POST /session/end/confirm with logout=yes) on the client's
// behalf and relays the provider's answer (303 to post_logout_redirect_uri).
async function autoConfirmLogout(ctx, issuer) {
  const xsrf = typeof ctx.query.xsrf === 'string' ? ctx.query.xsrf : '';
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  if (ctx.get('cookie')) headers.cookie = ctx.get('cookie');
  const res = await fetch(`${issuer}/session/end/confirm`, {
    method: 'POST',
    headers,
    body: querystring.stringify({ xsrf, logout: 'yes' }),
    redirect: 'manual',
  });
  ctx.status = res.status;
  for (const cookie of res.headers.getSetCookie()) ctx.append('Set-Cookie', cookie);
  for (const h of ['location', 'cache-control', 'pragma', 'content-type']) {
    const v = res.headers.get(h);
    if (v) ctx.set(h, v);
  }
  ctx.body = Buffer.from(await res.arrayBuffer());
}

// ----------------------------------------------------------------- start ---

const server = http.createServer();
server.keepAliveTimeout = 5000;

let shuttingDown = false;
function shutdown(reason, code = 0) {
  if (shuttingDown) return;
  shuttingDown = true;
  log(`shutting down (${reason})`);
  server.close(() => process.exit(code));
  server.closeAllConnections();
  setTimeout(() => process.exit(code), 2000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
if (EXIT_ON_STDIN_CLOSE) {
  process.stdin.on('end', () => shutdown('stdin closed'));
  process.stdin.on('close', () => shutdown('stdin closed'));
  process.stdin.on('error', () => shutdown('stdin error'));
  process.stdin.resume(); // discard anything written to us
}

server.on('error', (err) => {
  log(`server error: ${err.message}`);
  process.exit(1);
});

server.listen(PORT, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  let provider;
  try {
    provider = new Provider(issuer, configuration());
  } catch (err) {
    log(`cannot configure provider: ${err.stack || err}`);
    process.exit(2);
  }

  for (const event of [
    'server_error', 'authorization.error', 'grant.error', 'userinfo.error',
    'end_session.error', 'end_session_confirm.error', 'discovery.error',
    'jwks.error', 'introspection.error', 'revocation.error',
  ]) {
    provider.on(event, (ctx, err) => {
      const e = err || ctx;
      log(`${event}: ${e?.error || e?.name || 'error'}: ${e?.error_description || e?.message || ''}`
        + (e?.error_detail ? ` (${e.error_detail})` : ''));
      if (event === 'server_error' && e?.stack) log(e.stack);
    });
  }

  provider.use(async (ctx, next) => {
    const started = Date.now();
    try {
      const m = INTERACTION_RE.exec(ctx.path);
      if (m) {
        await handleInteraction(provider, ctx, m[1], m[2]);
        return;
      }
      if (await enforceRegisteredClientAuth(ctx)) return;
      if (ctx.path === '/session/end/auto' && ctx.method === 'GET') {
        await autoConfirmLogout(ctx, issuer);
        return;
      }
      await next();
      // The provider answered /session/end with its confirmation page (or, without a
      // session, an auto-submitting form). Replace it with a redirect that confirms.
      if (!LOGOUT_CONFIRM && ctx.path === '/session/end' && ctx.status === 200
          && ['GET', 'POST'].includes(ctx.method)) {
        const secret = ctx.oidc?.session?.state?.secret;
        if (secret) {
          ctx.status = 303;
          ctx.redirect(`/session/end/auto?xsrf=${encodeURIComponent(secret)}`);
        }
      }
    } finally {
      if (LOG_REQUESTS) log(`${ctx.method} ${ctx.url} -> ${ctx.status} (${Date.now() - started}ms)`);
    }
  });

  server.on('request', provider.callback());
  log(`oidc-provider ready at ${issuer}; clients: ${CLIENTS.map((c) => c.client_id).join(', ') || '(none)'}; `
    + `accounts: ${Object.keys(ACCOUNTS).join(', ') || '(none)'}; claims in ID token: ${CLAIMS_IN_ID_TOKEN}; `
    + `token endpoint auth methods: ${TOKEN_AUTH_METHODS ? TOKEN_AUTH_METHODS.join(', ') : '(default)'}`);
  process.stdout.write(`LISTENING ${issuer}\n`);
});
