#!/usr/bin/env bash
# Installs the Debian 12 packages a step needs, only when one is missing (idempotent).
# Usage: scripts/install-deps.sh GROUP...   groups: build test container bench fuzz valgrind
set -euo pipefail

declare -A groups=(
  [build]="g++ make cmake pkg-config libcpp-httplib-dev nlohmann-json3-dev libspdlog-dev libfmt-dev prometheus-cpp-dev libssl-dev libcli11-dev doctest-dev openssl dpkg-dev python3"
  [test]="openssl python3 prometheus nginx-light shellcheck curl procps inotify-tools"
  [container]="podman runc mmdebstrap uidmap"
  [bench]="wrk hey hyperfine procps valgrind time"
  [fuzz]="clang-14 libclang-rt-14-dev"
  [valgrind]="valgrind curl openssl"
)

wanted=()
for group in "$@"; do
  [[ -n "${groups[$group]:-}" ]] || { echo "install-deps: unknown group '$group'" >&2; exit 2; }
  for pkg in ${groups[$group]}; do
    # dpkg-query prints "install ok installed" only for a fully installed package.
    if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != "install ok installed" ]]; then
      wanted+=("$pkg")
    fi
  done
done
[[ ${#wanted[@]} -eq 0 ]] && exit 0

echo "install-deps: installing ${wanted[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root to install: ${wanted[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${wanted[@]}" >/dev/null
