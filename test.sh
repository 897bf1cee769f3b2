#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: checks/installs what the tests need, builds, runs every test project.
# Test results (TRX) land in test-results/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK is required; 'dotnet' is not on PATH" >&2
  exit 1
fi

# The tearsheet browser and PDF tests drive the system Chromium (never a downloaded browser build).
chromium_found() {
  [ -n "${QUARRY_CHROMIUM:-}" ] && [ -x "${QUARRY_CHROMIUM}" ] && return 0
  for c in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do [ -x "$c" ] && return 0; done
  return 1
}
if ! chromium_found; then
  echo "== installing chromium (tearsheet browser and PDF tests)"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi

# The SQL storage tests start a private PostgreSQL cluster of their own (initdb + pg_ctl from /usr/lib/postgresql/*/bin).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "== installing postgresql (SQL storage tests)"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql >/dev/null
fi

# The MLflow-compatibility test drives the server with a third-party client: the `mlflow` npm package (pinned in
# tests/Quarry.Server.Tests/MlflowJs/package-lock.json), run by Node.js.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "== installing nodejs and npm (MLflow client compatibility test)"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq nodejs npm >/dev/null
fi
mlflow_js="tests/Quarry.Server.Tests/MlflowJs"
if [ ! -d "$mlflow_js/node_modules/mlflow" ] || [ "$mlflow_js/package-lock.json" -nt "$mlflow_js/node_modules" ]; then
  echo "== npm ci (the mlflow npm client)"
  (cd "$mlflow_js" && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "== restore and build (Release)"
dotnet build Quarry.slnx -c Release --nologo -v quiet

echo "== tests"
rm -rf test-results
dotnet test Quarry.slnx -c Release --no-build --nologo -v quiet \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory test-results
echo "== all tests passed"
