#!/usr/bin/env bash
# `npm test`: every check, in the order that fails fastest. Each step must pass.
set -euo pipefail
cd "$(dirname "$0")/.."

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "No Chromium at $chromium: install it (Debian: sudo apt-get install -y chromium) or set CHROMIUM_PATH to its binary." >&2
  exit 1
fi
export CHROMIUM_PATH="$chromium"

step() { printf '\n\033[1m== %s\033[0m\n' "$1"; }

step "Type-check"
npx tsc --noEmit
step "Lint and format"
npx biome check .
step "Production build (Remix + content precompile)"
npm run build --silent
step "Content check"
npm run content:check --silent
mkdir -p test/.tmp
step "Unit and integration tests (Vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=test/.tmp/vitest.json
step "End-to-end tests (Playwright, Chromium)"
npx playwright test
node scripts/test-summary.mjs
