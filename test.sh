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

echo "== restore and build (Release)"
dotnet build Quarry.slnx -c Release --nologo -v quiet

echo "== tests"
rm -rf test-results
dotnet test Quarry.slnx -c Release --no-build --nologo -v quiet \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory test-results
echo "== all tests passed"
