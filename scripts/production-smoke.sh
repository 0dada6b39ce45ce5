#!/usr/bin/env bash
# Proves the README's production recipe on a clean clone of HEAD:
#   npm ci && npm run build && npm prune --omit=dev
#   NODE_ENV=production SESSION_SECRET=… PUBLIC_URL=… npm run serve
# i.e. the server and the admin CLI run with runtime dependencies only.
# To stay quick, the clone reuses this checkout's node_modules (what `npm ci`
# made from the same lockfile); SMOKE_NPM_CI=1 runs a real `npm ci` instead.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -- "-$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
say() { printf '\n\033[1m== smoke: %s\033[0m\n' "$1"; }
fail() { echo "production smoke test failed: $1" >&2; [ -f "$work/server.log" ] && tail -20 "$work/server.log" >&2; exit 1; }

say "clean clone of HEAD"
git clone --quiet "$repo" "$work/app"
cd "$work/app"
if [ "${SMOKE_NPM_CI:-0}" = "1" ]; then
  npm ci --no-audit --no-fund
else
  # Hard links are quick and `npm prune` only unlinks; npm rewrites its own
  # hidden lockfile in place, so that one file is a real copy.
  cp -al "$repo/node_modules" node_modules 2>/dev/null || cp -a "$repo/node_modules" node_modules
  if [ -f node_modules/.package-lock.json ]; then
    rm node_modules/.package-lock.json
    cp "$repo/node_modules/.package-lock.json" node_modules/.package-lock.json
  fi
fi

say "build (with devDependencies), then prune them"
npm run build --silent >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "build"; }
npm prune --omit=dev --no-audit --no-fund >/dev/null
[ ! -d node_modules/@remix-run/dev ] && [ ! -d node_modules/vitest ] || fail "devDependencies still installed after prune"

port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
url="http://127.0.0.1:$port"
export DATABASE_PATH="$work/data/talent.db"

say "production refuses to start without PUBLIC_URL"
if NODE_ENV=production SESSION_SECRET="$(openssl rand -hex 32)" PORT="$port" npm run serve --silent >"$work/refused.log" 2>&1; then
  fail "started without PUBLIC_URL"
fi
grep -q "PUBLIC_URL is not set" "$work/refused.log" || fail "no reason given for refusing to start"

say "serve in production on $url"
NODE_ENV=production SESSION_SECRET="$(openssl rand -hex 32)" PUBLIC_URL="$url" PORT="$port" HOST=127.0.0.1 \
  setsid npm run serve --silent >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "$url/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || fail "server exited"
  sleep 0.3
done
curl -fsS "$url/healthz" | grep -q '"ok":true' || fail "/healthz"
grep -q "running in production mode" "$work/server.log" || fail "not in production mode"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$url/courses")" = 200 ] || fail "GET /courses"
status="$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Origin: $url" \
  --data 'email=nobody%40example.edu&password=wrong' "$url/login")"
[ "$status" = 401 ] || fail "POST /login answered $status, expected 401"

say "first admin with the CLI"
npm run admin --silent -- create --email first-admin@example.edu --name "First Admin" --base-url "$url" \
  >"$work/admin.log" 2>&1 || { cat "$work/admin.log"; fail "admin create"; }
grep -q "$url/reset/" "$work/admin.log" || fail "admin create printed no reset link"

echo "production smoke test passed"
