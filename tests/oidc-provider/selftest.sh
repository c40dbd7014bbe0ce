#!/usr/bin/env bash
# Self-test of the test OpenID Provider: full authorization-code + PKCE login
# with curl and a cookie jar, token exchange, ID token checks (incl. RS256
# signature), userinfo, code replay, SSO, RP-initiated logout, and shutdown when
# stdin closes. Runs two provider instances (claims in ID token / userinfo only).
# Needs: bash, curl, node. Exits non-zero on the first failure.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$(mktemp -d)"
SERVER_PID=""
PASSED=0

cleanup() {
  exec 3>&- || true
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  [[ -n "${KEEP_WORK:-}" ]] && echo "kept $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  if [[ -f "$WORK/op.err" ]]; then
    echo "--- provider stderr (last 30 lines) ---" >&2
    tail -n 30 "$WORK/op.err" >&2
  fi
  exit 1
}
ok() { PASSED=$((PASSED + 1)); echo "ok - $*"; }

[[ -d "$HERE/node_modules/oidc-provider" ]] || fail "run 'npm ci' in $HERE first"

CB="http://127.0.0.1:4567/auth/digid/callback"
CB2="http://127.0.0.1:4567/auth/eherkenning/callback"
LOGOUT_CB="http://127.0.0.1:4567/"
export OP_CLIENTS='[
 {"client_id":"portal-digid","client_secret":"s1","redirect_uris":["'"$CB"'"],"post_logout_redirect_uris":["'"$LOGOUT_CB"'"],"token_endpoint_auth_method":"client_secret_basic"},
 {"client_id":"portal-eherkenning","client_secret":"s2","redirect_uris":["'"$CB2"'"],"post_logout_redirect_uris":["'"$LOGOUT_CB"'"],"token_endpoint_auth_method":"client_secret_post"}
]'
export OP_ACCOUNTS='{
 "jansen":{"bsn":"999993653","loa":"urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"},
 "bakkerij":{"kvk":"69599084","rsin":"002564440","vestiging":"000037178598","loa":"urn:etoegang:core:assurance-class:loa3"},
 "no-claims":{}
}'
export OP_PORT=0

# js '<expression using $ (stdin text) and a[0..]>' args... : prints the result.
js() {
  local expr="$1"; shift
  node -e '
    const $ = require("fs").readFileSync(0, "utf8");
    const a = process.argv.slice(1);
    const out = (function () { return eval(a.shift()); })();
    if (out !== undefined) process.stdout.write(typeof out === "string" ? out : JSON.stringify(out));
  ' -- "$expr" "$@"
}

b64url_rand() { node -e 'process.stdout.write(require("crypto").randomBytes(+process.argv[1]).toString("base64url"))' -- "$1"; }
s256() { node -e 'process.stdout.write(require("crypto").createHash("sha256").update(process.argv[1]).digest("base64url"))' -- "$1"; }
urlenc() { node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' -- "$1"; }
qparam() { node -e 'process.stdout.write(new URL(process.argv[1]).searchParams.get(process.argv[2]) ?? "")' -- "$1" "$2"; }

# hop METHOD URL [curl args...] -> sets STATUS, LOCATION (absolute), body in $WORK/body
hop() {
  local method="$1" url="$2"; shift 2
  local out
  out="$(curl -sS -X "$method" -b "$WORK/jar" -c "$WORK/jar" -o "$WORK/body" \
    -w '%{http_code} %{redirect_url}' "$@" "$url")" || fail "curl $method $url failed"
  STATUS="${out%% *}"
  LOCATION="${out#* }"
}

start_server() {
  rm -f "$WORK/op.out" "$WORK/op.err" "$WORK/stdin"
  mkfifo "$WORK/stdin"
  node "$HERE/server.js" <"$WORK/stdin" >"$WORK/op.out" 2>"$WORK/op.err" &
  SERVER_PID=$!
  exec 3>"$WORK/stdin"   # we hold the write end: closing it stops the server
  local i
  for i in $(seq 1 100); do
    if grep -q '^LISTENING ' "$WORK/op.out" 2>/dev/null; then break; fi
    kill -0 "$SERVER_PID" 2>/dev/null || fail "server exited early"
    sleep 0.1
  done
  [[ "$(wc -l <"$WORK/op.out")" -eq 1 ]] || fail "stdout should have exactly one line: $(cat "$WORK/op.out")"
  ISS="$(sed -n 's/^LISTENING \(http:\/\/127\.0\.0\.1:[0-9]*\)$/\1/p' "$WORK/op.out")"
  [[ -n "$ISS" ]] || fail "no/odd LISTENING line: $(cat "$WORK/op.out")"
  ok "server started: $ISS (${*:-default env})"
}

stop_server_via_stdin() {
  exec 3>&-
  local i
  for i in $(seq 1 50); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$SERVER_PID" 2>/dev/null && fail "server still running 5s after stdin closed"
  local rc=0
  wait "$SERVER_PID" || rc=$?
  SERVER_PID=""
  [[ $rc -eq 0 ]] || fail "server exit code $rc after stdin close"
  [[ "$(wc -l <"$WORK/op.out")" -eq 1 ]] || fail "stdout got more than the LISTENING line"
  ok "server exited cleanly (rc 0) when its stdin closed"
}

# authorize CLIENT_ID REDIRECT_URI SCOPE -> sets VERIFIER STATE NONCE; performs GET /auth
authorize() {
  VERIFIER="$(b64url_rand 32)"
  STATE="st-$(b64url_rand 8)"
  NONCE="n-$(b64url_rand 8)"
  local challenge; challenge="$(s256 "$VERIFIER")"
  hop GET "$ISS/auth?response_type=code&client_id=$1&redirect_uri=$(urlenc "$2")&scope=$(urlenc "$3")&state=$STATE&nonce=$NONCE&code_challenge=$challenge&code_challenge_method=S256"
}

# login ACCOUNT REDIRECT_URI: from an /auth response that points to /interaction/<uid>,
# POST the login and follow to the callback; sets CODE, CALLBACK.
login() {
  local account="$1" redirect_uri="$2"
  [[ "$STATUS" == 303 && "$LOCATION" =~ ^$ISS/interaction/[A-Za-z0-9_-]+$ ]] \
    || fail "/auth should 303 to /interaction/<uid>, got $STATUS '$LOCATION' $(head -c 300 "$WORK/body")"
  local interaction="$LOCATION"
  hop GET "$interaction"
  [[ "$STATUS" == 200 ]] || fail "GET interaction page: $STATUS"
  hop POST "$interaction/login" --data-urlencode "login=$account"
  [[ "$STATUS" == 303 && "$LOCATION" =~ ^$ISS/auth/[A-Za-z0-9_-]+$ ]] \
    || fail "POST login should 303 to /auth/<uid>, got $STATUS '$LOCATION' $(head -c 300 "$WORK/body")"
  hop GET "$LOCATION"
  [[ "$STATUS" == 303 && "$LOCATION" == "$redirect_uri?"* ]] \
    || fail "resume should redirect to $redirect_uri, got $STATUS '$LOCATION' $(head -c 300 "$WORK/body")"
  CALLBACK="$LOCATION"
  CODE="$(qparam "$CALLBACK" code)"
  [[ -n "$CODE" ]] || fail "no code in $CALLBACK"
  [[ "$(qparam "$CALLBACK" state)" == "$STATE" ]] || fail "state not passed through: $CALLBACK"
  [[ "$(qparam "$CALLBACK" iss)" == "$ISS" ]] || fail "iss missing in $CALLBACK"
}

# verify_id_token ID_TOKEN CLIENT_ID -> prints payload JSON (checks RS256 signature, iss, aud, nonce)
verify_id_token() {
  curl -sS "$ISS/jwks" >"$WORK/jwks.json" || fail "GET /jwks"
  node -e '
    const crypto = require("crypto");
    const [jwt, jwksFile, iss, aud, nonce] = process.argv.slice(1);
    const [h, p, s] = jwt.split(".");
    const header = JSON.parse(Buffer.from(h, "base64url"));
    const payload = JSON.parse(Buffer.from(p, "base64url"));
    const die = (m) => { console.error(m); process.exit(1); };
    if (header.alg !== "RS256") die("alg is " + header.alg);
    const jwk = JSON.parse(require("fs").readFileSync(jwksFile)).keys.find((k) => k.kid === header.kid);
    if (!jwk) die("kid not in jwks");
    const okSig = crypto.verify("sha256", Buffer.from(h + "." + p), crypto.createPublicKey({ key: jwk, format: "jwk" }), Buffer.from(s, "base64url"));
    if (!okSig) die("bad signature");
    if (payload.iss !== iss) die("iss " + payload.iss);
    if (payload.aud !== aud && !(Array.isArray(payload.aud) && payload.aud.includes(aud))) die("aud " + payload.aud);
    if (payload.nonce !== nonce) die("nonce " + payload.nonce);
    if (!(payload.exp > Date.now() / 1000)) die("expired");
    process.stdout.write(JSON.stringify(payload));
  ' -- "$1" "$WORK/jwks.json" "$ISS" "$2" "$NONCE" || fail "ID token verification failed"
}

# ============================================ instance 1: default (claims in ID token)
start_server "default"

curl -sS "$ISS/.well-known/openid-configuration" >"$WORK/disc.json" || fail "discovery"
js 'const d = JSON.parse($);
    if (d.issuer !== a[0]) throw "issuer";
    if (!d.end_session_endpoint) throw "no end_session_endpoint";
    if (!d.code_challenge_methods_supported.includes("S256")) throw "no S256";
    if (!d.id_token_signing_alg_values_supported.includes("RS256")) throw "no RS256";
    for (const s of ["openid","bsn","kvk"]) if (!d.scopes_supported.includes(s)) throw "scope " + s;' "$ISS" \
  <"$WORK/disc.json" || fail "discovery document: $(cat "$WORK/disc.json")"
ok "discovery: issuer, S256, RS256, end_session_endpoint, scopes openid bsn kvk"

# PKCE is required, also for confidential clients
hop GET "$ISS/auth?response_type=code&client_id=portal-digid&redirect_uri=$(urlenc "$CB")&scope=openid&state=nopkce"
[[ "$STATUS" == 303 && "$LOCATION" == "$CB?"* && "$(qparam "$LOCATION" error)" == invalid_request ]] \
  || fail "authorize without PKCE should redirect with error=invalid_request, got $STATUS '$LOCATION'"
ok "authorization request without code_challenge is refused (error=invalid_request)"

rm -f "$WORK/jar"
authorize portal-digid "$CB" "openid bsn"
INTERACTION="$LOCATION"
hop POST "$INTERACTION/login" --data-urlencode "login=nobody"
[[ "$STATUS" == 400 ]] || fail "unknown account should give 400, got $STATUS"
ok "unknown account -> 400"
STATUS=303; LOCATION="$INTERACTION" # back to the /auth answer for login()
login jansen "$CB"
ok "login: /auth -> /interaction/<uid> -> POST login -> /auth/<uid> -> callback with code+state+iss"

# wrong PKCE verifier is refused (the code is not consumed by this; we use a fresh one below anyway)
curl -sS -o "$WORK/tok.json" -w '%{http_code}' -u portal-digid:s1 \
  -d grant_type=authorization_code -d "code=$CODE" --data-urlencode "redirect_uri=$CB" \
  -d "code_verifier=$(b64url_rand 32)" "$ISS/token" >"$WORK/status" || fail "POST /token"
[[ "$(cat "$WORK/status")" == 400 ]] && grep -q invalid_grant "$WORK/tok.json" \
  || fail "wrong code_verifier should be invalid_grant: $(cat "$WORK/status") $(cat "$WORK/tok.json")"
ok "token request with wrong code_verifier -> 400 invalid_grant"

# the harness holds a client to its registered method (oidc-provider alone would take either)
curl -sS -o "$WORK/tok.json" -w '%{http_code}' \
  -d grant_type=authorization_code -d "code=$CODE" --data-urlencode "redirect_uri=$CB" \
  -d "code_verifier=$VERIFIER" -d client_id=portal-digid -d client_secret=s1 "$ISS/token" >"$WORK/status" || fail "POST /token"
[[ "$(cat "$WORK/status")" == 401 ]] && grep -q invalid_client "$WORK/tok.json" \
  || fail "client_secret_post for a client_secret_basic client should be refused: $(cat "$WORK/status") $(cat "$WORK/tok.json")"
ok "token request with client_secret_post for a client_secret_basic client -> 401 invalid_client"

# SSO: the cookie jar has an OP session and a grant, so /auth goes straight to the callback
authorize portal-digid "$CB" "openid bsn"
[[ "$STATUS" == 303 && "$LOCATION" == "$CB?"* ]] || fail "SSO: expected direct redirect to callback, got $STATUS '$LOCATION'"
CALLBACK="$LOCATION"; CODE="$(qparam "$CALLBACK" code)"
[[ -n "$CODE" && "$(qparam "$CALLBACK" state)" == "$STATE" ]] || fail "SSO callback: $CALLBACK"
ok "SSO: second /auth with the same cookie jar redirects straight to the callback"

# token exchange, client_secret_basic
curl -sS -o "$WORK/tok.json" -w '%{http_code}' -u portal-digid:s1 \
  -d grant_type=authorization_code -d "code=$CODE" --data-urlencode "redirect_uri=$CB" \
  -d "code_verifier=$VERIFIER" "$ISS/token" >"$WORK/status" || fail "POST /token"
[[ "$(cat "$WORK/status")" == 200 ]] || fail "token: $(cat "$WORK/status") $(cat "$WORK/tok.json")"
ID_TOKEN="$(js 'JSON.parse($).id_token' <"$WORK/tok.json")"
ACCESS_TOKEN="$(js 'JSON.parse($).access_token' <"$WORK/tok.json")"
[[ -n "$ID_TOKEN" && -n "$ACCESS_TOKEN" ]] || fail "token response: $(cat "$WORK/tok.json")"
ok "token exchange with client_secret_basic"

PAYLOAD="$(verify_id_token "$ID_TOKEN" portal-digid)"
[[ -n "${KEEP_WORK:-}" ]] && { echo "$PAYLOAD" >"$WORK/id_token.json"; cp "$WORK/jar" "$WORK/jar.loggedin"; }
js 'const p = JSON.parse($);
    if (p.sub !== "jansen") throw "sub " + p.sub;
    if (p.bsn !== "999993653") throw "bsn " + p.bsn;
    if (p.loa !== "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract") throw "loa " + p.loa;
    if ("kvk" in p) throw "kvk leaked";' <<<"$PAYLOAD" || fail "ID token claims: $PAYLOAD"
ok "ID token: RS256 signature, iss, aud, nonce, sub=jansen, bsn, loa"

curl -sS -o "$WORK/ui.json" -w '%{http_code}' -H "Authorization: Bearer $ACCESS_TOKEN" "$ISS/me" >"$WORK/status" || fail "GET /me"
[[ "$(cat "$WORK/status")" == 200 ]] || fail "userinfo: $(cat "$WORK/status") $(cat "$WORK/ui.json")"
js 'const u = JSON.parse($); if (u.sub !== "jansen" || u.bsn !== "999993653" || !u.loa) throw 1;' <"$WORK/ui.json" \
  || fail "userinfo claims: $(cat "$WORK/ui.json")"
ok "userinfo: sub, bsn, loa"

curl -sS -o "$WORK/tok2.json" -w '%{http_code}' -u portal-digid:s1 \
  -d grant_type=authorization_code -d "code=$CODE" --data-urlencode "redirect_uri=$CB" \
  -d "code_verifier=$VERIFIER" "$ISS/token" >"$WORK/status" || fail "POST /token (replay)"
[[ "$(cat "$WORK/status")" == 400 ]] && grep -q invalid_grant "$WORK/tok2.json" \
  || fail "replayed code should be invalid_grant: $(cat "$WORK/status") $(cat "$WORK/tok2.json")"
ok "replayed authorization code -> 400 invalid_grant"
curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $ACCESS_TOKEN" "$ISS/me" >"$WORK/status" || fail "GET /me"
[[ "$(cat "$WORK/status")" == 401 ]] || fail "after a code replay the tokens of that grant should be revoked, userinfo gave $(cat "$WORK/status")"
ok "code replay revoked the grant: the earlier access token now gets 401 at userinfo"

# RP-initiated logout: no confirmation page, ends at post_logout_redirect_uri with state
hop GET "$ISS/session/end?id_token_hint=$ID_TOKEN&post_logout_redirect_uri=$(urlenc "$LOGOUT_CB")&state=bye123"
[[ "$STATUS" == 303 && "$LOCATION" == "$ISS/session/end/auto?xsrf="* ]] || fail "logout step 1: $STATUS '$LOCATION'"
hop GET "$LOCATION"
[[ "$STATUS" == 303 && "$LOCATION" == "$LOGOUT_CB?state=bye123" ]] || fail "logout step 2: $STATUS '$LOCATION' $(head -c 300 "$WORK/body")"
ok "logout: /session/end -> /session/end/auto -> $LOCATION"

authorize portal-digid "$CB" "openid bsn"
[[ "$STATUS" == 303 && "$LOCATION" == "$ISS/interaction/"* ]] || fail "after logout /auth should need a login again, got $STATUS '$LOCATION'"
ok "after logout the OP session is gone (login required again)"

# logout with client_id instead of id_token_hint, by a jar that has no OP session
rm -f "$WORK/jar"
hop GET "$ISS/session/end?client_id=portal-digid&post_logout_redirect_uri=$(urlenc "$LOGOUT_CB")"
[[ "$STATUS" == 303 ]] || fail "sessionless logout step 1: $STATUS"
hop GET "$LOCATION"
[[ "$STATUS" == 303 && "$LOCATION" == "$LOGOUT_CB" ]] || fail "sessionless logout step 2: $STATUS '$LOCATION'"
ok "logout without OP session (client_id + post_logout_redirect_uri) also reaches $LOGOUT_CB"

# abort -> access_denied at the callback
rm -f "$WORK/jar"
authorize portal-digid "$CB" "openid bsn"
hop POST "$LOCATION/abort"
hop GET "$LOCATION"
[[ "$STATUS" == 303 && "$(qparam "$LOCATION" error)" == access_denied && "$(qparam "$LOCATION" state)" == "$STATE" ]] \
  || fail "abort should end with error=access_denied: $STATUS '$LOCATION'"
ok "POST /interaction/<uid>/abort -> callback with error=access_denied"

stop_server_via_stdin

# ============================== instance 2: OP_CLAIMS_IN_ID_TOKEN=0, client_secret_post only, kvk
export OP_CLAIMS_IN_ID_TOKEN=0 OP_TOKEN_AUTH_METHODS=client_secret_post
start_server "OP_CLAIMS_IN_ID_TOKEN=0 OP_TOKEN_AUTH_METHODS=client_secret_post"
curl -sS "$ISS/.well-known/openid-configuration" >"$WORK/disc.json" || fail "discovery"
js 'const m = JSON.parse($).token_endpoint_auth_methods_supported;
    if (JSON.stringify(m) !== JSON.stringify(["client_secret_post"])) throw m;' <"$WORK/disc.json" \
  || fail "OP_TOKEN_AUTH_METHODS not in discovery: $(cat "$WORK/disc.json")"
ok "discovery: token_endpoint_auth_methods_supported is exactly OP_TOKEN_AUTH_METHODS"
rm -f "$WORK/jar"
authorize portal-eherkenning "$CB2" "openid kvk"
login bakkerij "$CB2"
# client authentication is checked before the code is looked up, so this does not use it up
curl -sS -o "$WORK/tok.json" -w '%{http_code}' -u portal-eherkenning:s2 \
  -d grant_type=authorization_code -d "code=$CODE" --data-urlencode "redirect_uri=$CB2" \
  -d "code_verifier=$VERIFIER" "$ISS/token" >"$WORK/status" || fail "POST /token"
[[ "$(cat "$WORK/status")" == 401 ]] && grep -q invalid_client "$WORK/tok.json" \
  || fail "client_secret_basic should be refused: $(cat "$WORK/status") $(cat "$WORK/tok.json")"
ok "token request with client_secret_basic -> 401 invalid_client"
curl -sS -o "$WORK/tok.json" -w '%{http_code}' \
  -d grant_type=authorization_code -d "code=$CODE" --data-urlencode "redirect_uri=$CB2" \
  -d "code_verifier=$VERIFIER" -d client_id=portal-eherkenning -d client_secret=s2 "$ISS/token" >"$WORK/status" || fail "POST /token"
[[ "$(cat "$WORK/status")" == 200 ]] || fail "token (client_secret_post): $(cat "$WORK/status") $(cat "$WORK/tok.json")"
ok "token exchange with client_secret_post"
ID_TOKEN="$(js 'JSON.parse($).id_token' <"$WORK/tok.json")"
ACCESS_TOKEN="$(js 'JSON.parse($).access_token' <"$WORK/tok.json")"
PAYLOAD="$(verify_id_token "$ID_TOKEN" portal-eherkenning)"
js 'const p = JSON.parse($); if (p.sub !== "bakkerij") throw "sub";
    for (const c of ["kvk","rsin","vestiging","loa","bsn"]) if (c in p) throw c + " in ID token";' <<<"$PAYLOAD" \
  || fail "ID token should carry no claims: $PAYLOAD"
ok "ID token has only sub (no kvk/rsin/vestiging/loa)"
curl -sS -o "$WORK/ui.json" -H "Authorization: Bearer $ACCESS_TOKEN" "$ISS/me" || fail "GET /me"
js 'const u = JSON.parse($);
    if (u.sub !== "bakkerij" || u.kvk !== "69599084" || u.rsin !== "002564440" || u.vestiging !== "000037178598"
        || u.loa !== "urn:etoegang:core:assurance-class:loa3" || "bsn" in u) throw 1;' <"$WORK/ui.json" \
  || fail "userinfo claims: $(cat "$WORK/ui.json")"
ok "userinfo: kvk, rsin, vestiging, loa"

# account without claims
rm -f "$WORK/jar"
authorize portal-eherkenning "$CB2" "openid kvk"
login no-claims "$CB2"
ok "login as account without claims"

# SIGTERM
kill -TERM "$SERVER_PID"
rc=0; wait "$SERVER_PID" || rc=$?
SERVER_PID=""
[[ $rc -eq 0 ]] || fail "exit code after SIGTERM: $rc"
ok "server exited cleanly (rc 0) on SIGTERM"

echo "selftest: $PASSED passed, 0 failed"
