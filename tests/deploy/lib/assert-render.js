"use strict";
// Assertions on a rendered ats-core deployment (Helm output or kustomize output).
//
//   node assert-render.js FILE 'EXPECT_JSON'
//
// EXPECT_JSON: {
//   "template": "production-financial",      the --template every guard container must get
//   "sidecar": "native" | "classic" | "off",
//   "check": true,                            init check present
//   "reload": "signal" | "http" | "none",
//   "secretName": "ats-core-secrets",
//   "extraDirs": ["/vault/secrets"],          further --secrets-dir paths (optional)
//   "uid": 1001, "gid": 1001,
//   "serviceMonitor": false, "podMonitor": false, "prometheusRule": false, "networkPolicy": false,
//   "alertsFile": "deploy/prometheus/alerts.yml"   compared with the PrometheusRule (optional)
//   "listen": "[::]:9464",                    the exact --listen of the sidecar (optional)
//   "tls": false,                             sidecar on HTTPS: flags, mount, probes, monitors
//   "tlsMinVersion": "1.2", "tlsSecret": "ats-guard-tls"
// }
// Prints one line per failed assertion and exits 1 on any; "ok" lines summarise the groups.
const fs = require("fs");
const yaml = require("js-yaml");
const { loadDocs, describe } = require("./yaml-docs");

const [file, expectJson] = process.argv.slice(2);
if (!file || !expectJson) {
  console.error("usage: assert-render.js FILE EXPECT_JSON");
  process.exit(2);
}
const X = Object.assign(
  { check: true, uid: 1001, gid: 1001, extraDirs: [], serviceMonitor: false, podMonitor: false,
    prometheusRule: false, networkPolicy: false, secretMountPath: "/var/run/secrets/ats", port: 9464,
    tls: false, tlsMinVersion: "1.2" },
  JSON.parse(expectJson),
);

const failures = [];
const fail = (msg) => failures.push(msg);
const expect = (cond, msg) => { if (!cond) fail(msg); return !!cond; };
// Key order is not meaningful in YAML mappings: compare canonical forms.
const canon = (v) => Array.isArray(v) ? v.map(canon)
  : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon(v[k])])) : v;
const deepEq = (a, b) => JSON.stringify(canon(a)) === JSON.stringify(canon(b));
// A Kubernetes quantity ("250m", "64Mi", "1", 0.5) as a number, null when absent or unknown.
function quantity(q) {
  if (q === undefined || q === null) return null;
  const m = /^([0-9]+(?:\.[0-9]+)?)(m|k|Ki|M|Mi|G|Gi|T|Ti)?$/.exec(String(q));
  if (!m) return null;
  const f = { m: 1e-3, k: 1e3, Ki: 2 ** 10, M: 1e6, Mi: 2 ** 20, G: 1e9, Gi: 2 ** 30, T: 1e12, Ti: 2 ** 40 };
  return Number(m[1]) * (m[2] ? f[m[2]] : 1);
}
// The rules of the binary's ParseListenAddress (src/http/net.cpp): HOST:PORT, [IPv6]:PORT or
// :PORT, an unbracketed host without a colon; port 0..65535. Returns the host or an error.
function parseListen(text) {
  let host;
  let port;
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close < 0 || text[close + 1] !== ":") return { error: "unterminated IPv6 address" };
    host = text.slice(1, close);
    port = text.slice(close + 2);
  } else {
    const colon = text.lastIndexOf(":");
    if (colon < 0) return { error: "no port" };
    host = text.slice(0, colon);
    if (host.includes(":")) return { error: "an IPv6 address must be in brackets" };
    port = text.slice(colon + 1);
  }
  if (!/^[0-9]+$/.test(port) || Number(port) > 65535) return { error: "the port must be a number from 0 to 65535" };
  return { host: host || "0.0.0.0", port: Number(port) };
}

const objs = loadDocs([file]).map((d) => d.obj);
const byKind = (k) => objs.filter((o) => o.kind === k);

// --- no secret material in the manifests ---------------------------------------------------
expect(byKind("Secret").length === 0, "the render contains a Secret object: secret values never belong in the chart");
const SECRET_ENV = /^ATS_(JWT_SECRET|JWT_PRIVATE_KEY|ENCRYPTION_KEY|DB_PASSWORD|TLS_KEY)$/;
for (const cm of byKind("ConfigMap")) {
  for (const k of Object.keys(cm.data || {})) {
    expect(!SECRET_ENV.test(k), `ConfigMap ${cm.metadata.name} carries the secret ${k}`);
  }
}

// --- the workload ----------------------------------------------------------------------------
let all = [];
const workloads = objs.filter((o) => ["Deployment", "StatefulSet", "DaemonSet"].includes(o.kind));
if (!expect(workloads.length === 1, `expected exactly one workload, found ${workloads.length}`)) {
  report();
}
const wl = workloads[0];
const pod = wl.spec.template.spec;
const inits = pod.initContainers || [];
const mains = pod.containers || [];
all = [...inits, ...mains, ...(pod.ephemeralContainers || [])];

// Pod Security Standards "restricted", pod level.
const psc = pod.securityContext || {};
expect(psc.runAsNonRoot === true, "pod securityContext.runAsNonRoot must be true");
expect(psc.runAsUser === X.uid, `pod securityContext.runAsUser must be ${X.uid}`);
expect(psc.runAsGroup === X.gid, `pod securityContext.runAsGroup must be ${X.gid}`);
expect(Number.isInteger(psc.fsGroup) && psc.fsGroup > 0, "pod securityContext.fsGroup must be set (secret files group-readable)");
expect(psc.seccompProfile && psc.seccompProfile.type === "RuntimeDefault", "pod seccompProfile must be RuntimeDefault");
for (const k of ["hostNetwork", "hostPID", "hostIPC"]) expect(!pod[k], `pod must not set ${k}`);
expect(pod.automountServiceAccountToken === false, "automountServiceAccountToken must be false (nothing here calls the API)");
for (const v of pod.volumes || []) expect(!v.hostPath, `volume ${v.name} must not be a hostPath`);

// Every container, restricted, with resources.
for (const c of all) {
  const sc = c.securityContext || {};
  const n = `container ${c.name}`;
  expect(sc.runAsNonRoot === true || (sc.runAsNonRoot === undefined && psc.runAsNonRoot === true), `${n}: runAsNonRoot`);
  expect((sc.runAsUser ?? psc.runAsUser) === X.uid, `${n}: runAsUser ${X.uid}`);
  expect((sc.runAsGroup ?? psc.runAsGroup) === X.gid, `${n}: runAsGroup ${X.gid}`);
  expect(sc.allowPrivilegeEscalation === false, `${n}: allowPrivilegeEscalation must be false`);
  expect(sc.privileged !== true, `${n}: must not be privileged`);
  expect(sc.readOnlyRootFilesystem === true, `${n}: readOnlyRootFilesystem must be true`);
  const caps = sc.capabilities || {};
  expect(Array.isArray(caps.drop) && caps.drop.includes("ALL"), `${n}: capabilities must drop ALL`);
  expect(!caps.add || caps.add.length === 0, `${n}: must add no capability`);
  const sp = sc.seccompProfile || psc.seccompProfile || {};
  expect(sp.type === "RuntimeDefault", `${n}: seccompProfile RuntimeDefault`);
  const r = c.resources || {};
  for (const kind of ["requests", "limits"]) {
    for (const res of ["cpu", "memory"]) {
      expect(r[kind] && r[kind][res] !== undefined, `${n}: resources.${kind}.${res} must be set`);
    }
  }
  // The API server refuses a request above its limit; the offline schemas do not.
  for (const res of ["cpu", "memory"]) {
    const req = quantity(r.requests && r.requests[res]);
    const lim = quantity(r.limits && r.limits[res]);
    if (req !== null && lim !== null) expect(req <= lim, `${n}: resources.requests.${res} above the limit`);
  }
  // ats-guard's containers, sized from the benchmarks (values.yaml): RSS ~9.5 MiB for a
  // check, 10-12 MiB for the sidecar. A request below that invites eviction under memory
  // pressure, a limit below twice it an OOM kill on the first rotation.
  if (c.name.startsWith("ats-guard-")) {
    const req = quantity(r.requests && r.requests.memory);
    const lim = quantity(r.limits && r.limits.memory);
    expect(req !== null && req >= 12 * 2 ** 20, `${n}: memory request ${r.requests && r.requests.memory} below the measured 12 MiB`);
    expect(lim !== null && lim >= 32 * 2 ** 20, `${n}: memory limit ${r.limits && r.limits.memory} leaves no room over the measured 12 MiB`);
  }
  for (const m of c.volumeMounts || []) {
    expect(!m.subPath && !m.subPathExpr, `${n}: mount ${m.name} uses subPath (never receives rotated secrets, K8S-02)`);
  }
}

// Secret volume: the existing Secret, whole directory, read-only everywhere, never optional.
const secretVol = (pod.volumes || []).find((v) => v.secret && v.secret.secretName === X.secretName);
if (expect(secretVol, `no volume mounts Secret ${X.secretName}`)) {
  expect(secretVol.secret.optional !== true, "the secrets volume must not be optional");
  const mode = secretVol.secret.defaultMode;
  expect(mode === undefined || (mode & 0o037) === 0, `secret defaultMode ${mode} lets others read the files (K8S-03 wants <= 0440)`);
}
const secretDirs = [X.secretMountPath, ...X.extraDirs];
const secretVolNames = new Set();
for (const c of all) {
  for (const m of c.volumeMounts || []) {
    if (secretVol && m.name === secretVol.name) {
      secretVolNames.add(m.name);
      expect(m.readOnly === true, `container ${c.name}: secrets mount must be readOnly`);
      expect(m.mountPath === X.secretMountPath, `container ${c.name}: secrets mounted at ${m.mountPath}, expected ${X.secretMountPath}`);
    }
  }
}

// ats-core itself.
const core = mains.find((c) => c.name === "ats-core");
if (expect(core, "no ats-core container")) {
  expect((core.volumeMounts || []).some((m) => m.mountPath === X.secretMountPath), "ats-core does not mount the secrets");
}

// Environment a container really gets: env and envFrom (ConfigMaps in the render resolved),
// used to expand $(VAR) references in args the way the kubelet does.
const configMaps = Object.fromEntries(byKind("ConfigMap").map((cm) => [cm.metadata.name, cm.data || {}]));
function envOf(c) {
  const env = {};
  for (const ef of c.envFrom || []) {
    if (ef.configMapRef && configMaps[ef.configMapRef.name]) {
      for (const [k, v] of Object.entries(configMaps[ef.configMapRef.name])) env[(ef.prefix || "") + k] = v;
    }
  }
  for (const e of c.env || []) if (e.value !== undefined) env[e.name] = e.value;
  return env;
}
function argsOf(c) {
  const env = envOf(c);
  return [...(c.command || []), ...(c.args || [])].map((a) =>
    String(a).replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, v) => (v in env ? env[v] : m)));
}
const flagValues = (args, flag) => args.flatMap((a, i) => (a === flag ? [args[i + 1]] : a.startsWith(flag + "=") ? [a.slice(flag.length + 1)] : []));

function assertGuardInputs(c) {
  const n = `container ${c.name}`;
  const args = argsOf(c);
  expect(deepEq(flagValues(args, "--template"), [X.template]), `${n}: --template must be ${X.template}, got ${JSON.stringify(flagValues(args, "--template"))}`);
  expect(deepEq(flagValues(args, "--secrets-dir"), secretDirs), `${n}: --secrets-dir must be ${JSON.stringify(secretDirs)}, got ${JSON.stringify(flagValues(args, "--secrets-dir"))}`);
  if (core) {
    // The guard must judge exactly what ats-core gets: same env, envFrom, secret mounts.
    expect(deepEq(c.env || [], core.env || []), `${n}: env differs from ats-core's`);
    expect(deepEq(c.envFrom || [], core.envFrom || []), `${n}: envFrom differs from ats-core's`);
    const dirs = (mounts) => (mounts || []).filter((m) => secretDirs.includes(m.mountPath))
      .map((m) => `${m.name}:${m.mountPath}:${m.readOnly === true}`).sort();
    expect(deepEq(dirs(c.volumeMounts), dirs(core.volumeMounts)), `${n}: secret mounts differ from ats-core's`);
    expect(dirs(c.volumeMounts).length === secretDirs.length, `${n}: not every secrets dir is mounted`);
    for (const m of c.volumeMounts || []) {
      expect(m.readOnly === true, `${n}: mount ${m.name} must be readOnly`);
    }
  }
}

// The init check.
const check = inits.find((c) => c.name === "ats-guard-check");
if (X.check) {
  if (expect(check, "no init container ats-guard-check")) {
    expect(inits[0] === check, "ats-guard-check must be the first init container (it gates the pod)");
    expect(argsOf(check)[0] === "check", "ats-guard-check must run `check`");
    expect(deepEq(flagValues(argsOf(check), "--termination-log"), ["/dev/termination-log"]), "ats-guard-check: --termination-log /dev/termination-log");
    expect(check.terminationMessagePolicy === "FallbackToLogsOnError", "ats-guard-check: terminationMessagePolicy FallbackToLogsOnError");
    expect(check.terminationMessagePath === "/dev/termination-log", "ats-guard-check: terminationMessagePath /dev/termination-log");
    expect(!check.restartPolicy, "ats-guard-check must run to completion (no restartPolicy)");
    assertGuardInputs(check);
  }
} else {
  expect(!check, "ats-guard-check present although disabled");
}

// The sidecar.
const watchInit = inits.find((c) => c.name === "ats-guard-watch");
const watchMain = mains.find((c) => c.name === "ats-guard-watch");
const watch = watchInit || watchMain;
const probePath = (p) => p && p.httpGet && p.httpGet.path;
if (X.sidecar === "off") {
  expect(!watch, "ats-guard-watch present although the sidecar is off");
} else if (expect(watch, "no ats-guard-watch container")) {
  if (X.sidecar === "native") {
    expect(watchInit && !watchMain, "native sidecar must be an init container");
    expect(watch.restartPolicy === "Always", "native sidecar needs restartPolicy: Always");
    expect(probePath(watch.startupProbe) === "/readyz", "native sidecar needs a startupProbe on /readyz");
    if (check) expect(inits.indexOf(check) < inits.indexOf(watch), "ats-guard-check must run before the native sidecar starts");
  } else {
    expect(watchMain && !watchInit, "classic sidecar must be an ordinary container");
    expect(!watch.restartPolicy, "classic sidecar must not set restartPolicy");
  }
  const args = argsOf(watch);
  expect(args[0] === "watch", "ats-guard-watch must run `watch`");
  expect(probePath(watch.livenessProbe) === "/healthz", "ats-guard-watch: livenessProbe on /healthz");
  if (X.readiness !== false) expect(probePath(watch.readinessProbe) === "/readyz", "ats-guard-watch: readinessProbe on /readyz");
  const port = (watch.ports || []).find((p) => p.name === "metrics");
  expect(port && port.containerPort === X.port, `ats-guard-watch: port "metrics" ${X.port}`);
  const listen = flagValues(args, "--listen");
  if (expect(listen.length === 1, "ats-guard-watch: exactly one --listen")) {
    const parsed = parseListen(listen[0]);
    expect(!parsed.error, `ats-guard-watch: --listen ${listen[0]} is refused by the binary: ${parsed.error}`);
    expect(parsed.port === X.port, `ats-guard-watch: --listen ${listen[0]} not on port ${X.port}`);
    expect(!parsed.host || !/^(127\.|::1$|localhost$)/.test(parsed.host), `ats-guard-watch: --listen ${listen[0]} is loopback: probes and scrapes come to the pod IP`);
    if (X.listen) expect(listen[0] === X.listen, `ats-guard-watch: --listen ${listen[0]}, expected ${X.listen}`);
  }
  // HTTPS: the flags, the certificate mounted read-only from its Secret, probes on HTTPS.
  const probes = [watch.startupProbe, watch.livenessProbe, watch.readinessProbe].filter(Boolean);
  const tlsCert = flagValues(args, "--tls-cert");
  const tlsKey = flagValues(args, "--tls-key");
  if (X.tls) {
    expect(tlsCert.length === 1 && tlsKey.length === 1, "ats-guard-watch: TLS needs one --tls-cert and one --tls-key");
    expect(deepEq(flagValues(args, "--tls-min-version"), [X.tlsMinVersion]), `ats-guard-watch: --tls-min-version ${X.tlsMinVersion}`);
    for (const file of [...tlsCert, ...tlsKey]) {
      const m = (watch.volumeMounts || []).find((vm) => file.startsWith(vm.mountPath.replace(/\/?$/, "/")));
      if (!expect(m, `ats-guard-watch: no mount holds ${file}`)) continue;
      expect(m.readOnly === true && !m.subPath, `ats-guard-watch: ${m.name} must be mounted read-only, without subPath (renewals)`);
      expect(!secretDirs.includes(m.mountPath), `ats-guard-watch: the serving certificate must not sit in a --secrets-dir`);
      const v = (pod.volumes || []).find((vol) => vol.name === m.name);
      if (expect(v && v.secret, `ats-guard-watch: ${m.name} must be a Secret volume`)) {
        if (X.tlsSecret) expect(v.secret.secretName === X.tlsSecret, `ats-guard-watch: TLS Secret ${v.secret.secretName}, expected ${X.tlsSecret}`);
        const mode = v.secret.defaultMode;
        expect(mode !== undefined && (mode & 0o037) === 0, `ats-guard-watch: TLS key volume mode ${mode} lets others read it`);
        const rel = file.slice(m.mountPath.replace(/\/?$/, "/").length);
        expect(!v.secret.items || v.secret.items.some((it) => it.path === rel), `ats-guard-watch: ${file} is not among the Secret's items`);
      }
      for (const other of all.filter((o) => o !== watch)) {
        expect(!(other.volumeMounts || []).some((vm) => vm.name === m.name), `container ${other.name} mounts the sidecar's TLS key`);
      }
    }
    for (const p of probes) expect(p.httpGet && p.httpGet.scheme === "HTTPS", "ats-guard-watch: probes must use HTTPS with TLS on");
  } else {
    expect(tlsCert.length === 0 && tlsKey.length === 0, "ats-guard-watch: --tls-cert/--tls-key without TLS enabled");
    for (const p of probes) expect(!p.httpGet || !p.httpGet.scheme || p.httpGet.scheme === "HTTP", "ats-guard-watch: probes must use HTTP with TLS off");
  }
  assertGuardInputs(watch);
  const reload = flagValues(args, "--reload");
  if (X.reload === "signal") {
    expect(pod.shareProcessNamespace === true, "signal reload needs shareProcessNamespace: true");
    expect(deepEq(reload, ["signal"]), `--reload signal expected, got ${JSON.stringify(reload)}`);
    expect(flagValues(args, "--process-name").length === 1, "signal reload needs --process-name");
    expect(deepEq(flagValues(args, "--signal"), ["HUP"]), "signal reload: --signal HUP");
  } else if (X.reload === "http") {
    expect(pod.shareProcessNamespace !== true, "webhook reload must not share the process namespace");
    expect(deepEq(reload, ["http"]), `--reload http expected, got ${JSON.stringify(reload)}`);
    expect(flagValues(args, "--webhook-url").length === 1, "webhook reload needs --webhook-url");
  } else {
    expect(pod.shareProcessNamespace !== true, "reload none must not share the process namespace");
    expect(deepEq(reload, ["none"]), `--reload none expected, got ${JSON.stringify(reload)}`);
  }
}

// --- Service, monitors, rules, network policy ------------------------------------------------
const svc = byKind("Service")[0];
if (expect(svc, "no Service")) {
  const mp = (svc.spec.ports || []).find((p) => p.name === "metrics");
  if (X.sidecar !== "off") expect(mp && mp.port === X.port && mp.targetPort === X.port, `Service needs a "metrics" port ${X.port} (numeric targetPort)`);
}
const presence = { serviceMonitor: "ServiceMonitor", podMonitor: "PodMonitor", prometheusRule: "PrometheusRule", networkPolicy: "NetworkPolicy" };
for (const [key, kind] of Object.entries(presence)) {
  const n = byKind(kind).length;
  expect(n === (X[key] ? 1 : 0), `${kind}: expected ${X[key] ? 1 : 0}, rendered ${n}`);
}
for (const m of [...byKind("ServiceMonitor"), ...byKind("PodMonitor")]) {
  const eps = m.spec.endpoints || m.spec.podMetricsEndpoints || [];
  expect(eps.length === 1 && eps[0].port === "metrics" && eps[0].path === "/metrics", `${describe(m)}: scrape port metrics, path /metrics`);
  const ep = eps[0] || {};
  if (X.tls) {
    expect(ep.scheme === "https", `${describe(m)}: scheme https with the sidecar on TLS`);
    const tc = ep.tlsConfig || {};
    expect(tc.insecureSkipVerify !== true, `${describe(m)}: must verify the sidecar's certificate`);
    expect(tc.ca && tc.ca.secret && tc.ca.secret.name && tc.ca.secret.key, `${describe(m)}: tlsConfig.ca from a Secret`);
    expect(typeof tc.serverName === "string" && tc.serverName.length > 0, `${describe(m)}: tlsConfig.serverName`);
  } else {
    expect(!ep.scheme || ep.scheme === "http", `${describe(m)}: scheme http with TLS off`);
    expect(!ep.tlsConfig, `${describe(m)}: tlsConfig with TLS off`);
  }
  const job = (eps[0] && eps[0].relabelings || []).find((r) => r.targetLabel === "job");
  expect(job && job.replacement === "ats-guard", `${describe(m)}: must relabel job to ats-guard (the alerts select it)`);
}
for (const r of byKind("PrometheusRule")) {
  if (X.alertsFile) {
    const want = yaml.load(fs.readFileSync(X.alertsFile, "utf8")).groups;
    expect(deepEq(r.spec.groups, want), `${describe(r)}: groups differ from ${X.alertsFile}`);
  }
}
for (const np of byKind("NetworkPolicy")) {
  const allows = (np.spec.ingress || []).some((rule) => (rule.ports || []).some((p) => p.port === X.port) && (rule.from || []).length > 0);
  if (X.sidecar !== "off") expect(allows, `${describe(np)}: must admit scrapes to ${X.port} from a selector`);
  expect(deepEq(np.spec.podSelector.matchLabels, wl.spec.selector.matchLabels), `${describe(np)}: must select the ats-core pods`);
}

report();

function report() {
  for (const f of failures) console.log(`FAIL assert ${file}: ${f}`);
  if (failures.length === 0) {
    console.log(`ok   assert ${file}: ${all.length} containers restricted; sidecar=${X.sidecar} reload=${X.reload} template=${X.template}`);
  }
  process.exit(failures.length ? 1 : 0);
}
