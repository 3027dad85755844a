#!/usr/bin/env bash
# Fetches the Debian 12 source packages that ATSGUARD_STATIC compiles: cpp-httplib and
# prometheus-cpp, at exactly the versions of the installed -dev packages, so the code
# linked in is the code whose headers we compile against (Debian's patches included).
# Debian ships neither as a static library. Idempotent; adds deb-src entries (as root)
# only when apt has none.
# Usage: scripts/fetch-static-sources.sh DIR
set -euo pipefail

dir=${1:?usage: fetch-static-sources.sh DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

declare -A sources=([cpp-httplib]=libcpp-httplib-dev [prometheus-cpp]=prometheus-cpp-dev)

needed=()
for src in "${!sources[@]}"; do
  version=$(dpkg-query -W -f='${Version}' "${sources[$src]}")
  stamp="$dir/$src.version"
  [[ -f "$stamp" && "$(cat "$stamp")" == "$version" ]] || needed+=("$src=$version")
done
[[ ${#needed[@]} -eq 0 ]] && exit 0

sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
list=/etc/apt/sources.list.d/ats-guard-deb-src.sources
if ! grep -rqs '^Types:.*deb-src\|^deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  echo "fetch-static-sources: adding Debian deb-src entries ($list)"
  # The same archives as the binary entries, for source packages.
  "${sudo[@]}" tee "$list" >/dev/null <<'SOURCES'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  "${sudo[@]}" apt-get update -qq
fi

echo "fetch-static-sources: ${needed[*]} -> $dir"
cd "$dir"
for spec in "${needed[@]}"; do
  src=${spec%%=*}
  rm -rf "$src"
  work=$(mktemp -d "$dir/.fetch.XXXXXX")
  # apt-get source unpacks into NAME-UPSTREAMVERSION and applies Debian's patches.
  (cd "$work" && apt-get source -qq --only-source "$spec" >/dev/null 2>&1) \
    || { rm -rf "$work"; echo "fetch-static-sources: apt-get source $spec failed" >&2; exit 1; }
  mv "$work/$src"-*/ "$src"
  rm -rf "$work"
  echo "${spec#*=}" >"$src.version"
done
