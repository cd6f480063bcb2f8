#!/usr/bin/env bash
# Runs Relay's whole test suite: installs what the tests need (redis-server), builds, tests, prints a summary.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v redis-server >/dev/null 2>&1; then
  echo "Installing redis-server (the Redis integration tests start their own on a free loopback port)..."
  if [ "$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
  # The packaged service is not needed: tests start and stop their own servers.
  $SUDO service redis-server stop >/dev/null 2>&1 || true
fi

log=$(mktemp)
set +e
# One test assembly at a time (MaxCpuCount=1): the cluster tests need the machine's cores to themselves.
dotnet test Relay.sln -c Release -- RunConfiguration.MaxCpuCount=1 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

count() { { grep -Eo "$1: +[0-9]+" "$log" || true; } | awk '{s+=$2} END {print s+0}'; }
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)
rm -f "$log"
echo
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; echo "The build or a test host failed (see above)."; fi
echo "Tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
