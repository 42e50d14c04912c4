#!/usr/bin/env bash
# The Dockerfile's steps without Docker (this machine and CI have no Docker engine): copy what the
# build stage copies into a temporary folder, install the production dependencies only, build the
# index with the runtime image's ingest command, start the runtime command (node --import tsx
# src/main.ts, as PID 1 would run it) against a fake Bot API on 127.0.0.1, probe it with the
# HEALTHCHECK's own command, ask it one question, send SIGTERM and require exit code 0.
# Usage: scripts/container-check.sh     (run by .ci/run; needs the checkout's own npm ci for the fake Bot API)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/wnb-container-XXXXXX")"
APP="$WORK/app"
STATE="$WORK/state"
BOT_PID="" API_PID=""
cleanup() {
  [ -n "$BOT_PID" ] && kill -KILL "$BOT_PID" 2>/dev/null || true
  [ -n "$API_PID" ] && kill -TERM "$API_PID" 2>/dev/null || true
  exec 7>&- 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "!! container check: $*" >&2; [ -f "$WORK/bot.err" ] && tail -20 "$WORK/bot.err" >&2; exit 1; }
t0=$(date +%s)

echo "== build stage: copy package files, src, data, seeds; npm ci --omit=dev"
mkdir -p "$APP" "$STATE/index" "$STATE/sessions" "$STATE/feedback" "$STATE/subscriptions"
cp "$ROOT/package.json" "$ROOT/package-lock.json" "$APP/"
cp -r "$ROOT/src" "$ROOT/data" "$ROOT/seeds" "$APP/"
s=$(date +%s)
(cd "$APP" && npm ci --omit=dev --no-audit --no-fund --loglevel=error >/dev/null)
echo "   npm ci --omit=dev: $(( $(date +%s) - s )) s, node_modules $(du -sh "$APP/node_modules" | cut -f1)"
for dev in vitest typescript telegram-test-api; do
  [ ! -d "$APP/node_modules/$dev" ] || fail "dev dependency $dev was installed"
done

# the runtime stage's environment (Dockerfile ENV)
export NODE_ENV=production DOTENV_CONFIG_PATH=/nonexistent/.env LOG_LEVEL=info \
  VECTOR_DIR="$STATE/index" SEEDS_DIR="$APP/seeds" SESSION_DIR="$STATE/sessions" \
  FEEDBACK_DIR="$STATE/feedback" SUBSCRIPTIONS_DIR="$STATE/subscriptions"
HEALTH_PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
export HEALTH_PORT

echo "== ingest service: node --import tsx src/cli/main.ts ingest"
s=$(date +%s)
(cd "$APP" && node --import tsx src/cli/main.ts ingest >"$WORK/ingest.out" 2>"$WORK/ingest.err") || { cat "$WORK/ingest.err" >&2; fail "ingest failed"; }
[ -f "$STATE/index/CURRENT" ] || fail "no index in VECTOR_DIR after ingest"
echo "   index built in $(( $(date +%s) - s )) s"

echo "== fake Bot API on 127.0.0.1"
mkfifo "$WORK/api.in"
(cd "$ROOT" && exec node --import tsx scripts/fake-bot-api.ts <"$WORK/api.in" >"$WORK/api.out" 2>"$WORK/api.err") &
API_PID=$!
exec 7>"$WORK/api.in"
for _ in $(seq 100); do grep -q '^apiRoot=' "$WORK/api.out" 2>/dev/null && break; sleep 0.1; done
API_ROOT=$(sed -n 's/^apiRoot=//p' "$WORK/api.out")
[ -n "$API_ROOT" ] || fail "the fake Bot API did not start: $(cat "$WORK/api.err")"

echo "== bot: node --import tsx src/main.ts (HEALTH_PORT=$HEALTH_PORT)"
s=$(date +%s)
(cd "$APP" && TELEGRAM_BOT_TOKEN="123456:AAContainerCheckToken_abcdefghijklmn" TELEGRAM_API_ROOT="$API_ROOT" \
  exec node --import tsx src/main.ts >"$WORK/bot.out" 2>"$WORK/bot.err") &
BOT_PID=$!
# the Dockerfile's HEALTHCHECK command, verbatim
healthy=""
for _ in $(seq 600); do
  kill -0 "$BOT_PID" 2>/dev/null || fail "the bot exited before it was healthy"
  if node -e "fetch('http://127.0.0.1:'+(process.env.HEALTH_PORT||8081)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; then healthy=1; break; fi
  sleep 0.1
done
[ -n "$healthy" ] || fail "/healthz never answered 200"
echo "   /healthz 200 after $(( $(date +%s) - s )) s"
for _ in $(seq 300); do
  code=$(node -e "fetch('http://127.0.0.1:$HEALTH_PORT/readyz').then(r=>console.log(r.status),()=>console.log(0))")
  [ "$code" = 200 ] && break
  sleep 0.1
done
[ "$code" = 200 ] || fail "/readyz answered $code"
echo "   /readyz 200"

echo "== a question through the fake Bot API"
echo "4242 西太湖有什么生物医药项目？" >&7
for _ in $(seq 300); do grep -q '^sent 4242 ' "$WORK/api.out" && break; sleep 0.1; done
grep '^sent 4242 ' "$WORK/api.out" | head -1 | cut -d'|' -f1-2 | sed 's/^/   /'
grep -q '^sent 4242 .*\[1\]' "$WORK/api.out" || fail "no cited answer was sent"

echo "== SIGTERM"
kill -TERM "$BOT_PID"
set +e
wait "$BOT_PID"
rc=$?
set -e
BOT_PID=""
[ "$rc" = 0 ] || fail "the bot exited with $rc after SIGTERM (expected 0)"
grep -q '"msg":"bot stopped"' "$WORK/bot.err" || fail "no 'bot stopped' in the log"
echo "   exit code 0 after SIGTERM"
echo "container check passed in $(( $(date +%s) - t0 )) s"
