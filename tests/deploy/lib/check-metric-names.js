"use strict";
// Checks that PromQL in the Grafana dashboard and the alert rules uses only metric names, label
// names and label values the binary exports.
//
//   node check-metric-names.js STATIC_NAMES_FILE SCRAPE_FILE|- LABEL_VALUES.json DASHBOARD.json RULES.yml
//
// Known names come from SCRAPE_FILE (Prometheus text format from a live /metrics, see
// live-scrape.sh) when given, else from STATIC_NAMES_FILE (one name per line). `up` is added:
// Prometheus makes it per target. With a scrape, every name in it must also be in the static
// list, so the fallback cannot rot unnoticed.
//
// Label matchers (=, =~, !=, !~) on labels other than the target labels Prometheus adds (job,
// instance, namespace, pod, ...) must name a label the metric has, and = / =~ must match at
// least one value the binary can export: the values of the scrape plus LABEL_VALUES.json (values
// read from the code that one scrape cannot show, such as reload results). With a scrape, every
// value it shows for a label listed in LABEL_VALUES.json must be listed there too. Matchers on a
// metric about whose labels nothing is known are counted and reported, never passed silently.
// The dashboard must also show the families issue 5 asks for (REQUIRED below).
const fs = require("fs");
const yaml = require("js-yaml");

const [staticFile, scrapeFile, labelValuesFile, dashboardFile, rulesFile] = process.argv.slice(2);
if (!staticFile || !scrapeFile || !labelValuesFile || !dashboardFile || !rulesFile) {
  console.error("usage: check-metric-names.js STATIC_NAMES_FILE SCRAPE_FILE|- LABEL_VALUES.json DASHBOARD.json RULES.yml");
  process.exit(2);
}

let failed = 0;
const failure = (msg) => { console.log(`FAIL metrics: ${msg}`); failed++; };

// Names and, per metric, label -> Set(values) of a scrape.
function parseScrape(text) {
  const names = new Set();
  const labels = new Map();
  for (const line of text.split("\n")) {
    let m;
    if ((m = /^#\s*(?:TYPE|HELP)\s+([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line))) { names.add(m[1]); continue; }
    if (!(m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s/.exec(line))) continue;
    names.add(m[1]);
    if (!labels.has(m[1])) labels.set(m[1], new Map());
    const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
    let l;
    while ((l = re.exec(m[2] || ""))) {
      const per = labels.get(m[1]);
      if (!per.has(l[1])) per.set(l[1], new Set());
      per.get(l[1]).add(JSON.parse(`"${l[2]}"`));
    }
  }
  return { names, labels };
}
// The static list: one name per line, optionally followed by "event-only: why".
const staticLines = fs.readFileSync(staticFile, "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
const staticNames = new Set(staticLines.map((l) => l.split(/\s+/)[0]));
const eventOnly = new Set(staticLines.filter((l) => /\sevent-only\b/.test(l)).map((l) => l.split(/\s+/)[0]));
let known;
let scraped = { labels: new Map() };
let source;
if (scrapeFile !== "-") {
  scraped = parseScrape(fs.readFileSync(scrapeFile, "utf8"));
  known = scraped.names;
  source = `scrape ${scrapeFile}`;
  for (const n of known) {
    if (!staticNames.has(n)) failure(`the live scrape exports ${n}, missing from ${staticFile} (the fallback list): add it`);
  }
} else {
  known = staticNames;
  source = `static list ${staticFile}`;
}
if (known.size === 0) {
  console.log(`FAIL metrics: no metric names in ${source}`);
  process.exit(1);
}
known.add("up");

// Label values from the code, and agreement of the scrape with them.
const domains = JSON.parse(fs.readFileSync(labelValuesFile, "utf8"));
delete domains._comment;
for (const [metric, perLabel] of Object.entries(domains)) {
  for (const [label, values] of Object.entries(perLabel)) {
    const seen = scraped.labels.get(metric) && scraped.labels.get(metric).get(label);
    for (const v of seen || []) {
      if (!values.includes(v)) failure(`the live scrape has ${metric}{${label}="${v}"}, not in ${labelValuesFile}: the binary changed, update it and the rules`);
    }
  }
}
// Labels Prometheus (and the prometheus-operator monitors) attach to every series of a target.
const TARGET_LABELS = new Set(["job", "instance", "namespace", "pod", "service", "container", "endpoint"]);
// label -> Set(values) the binary can export for `metric`, or null when nothing is known.
function labelKnowledge(metric) {
  const out = new Map();
  const add = (label, values) => {
    if (!out.has(label)) out.set(label, new Set());
    for (const v of values) out.get(label).add(v);
  };
  for (const [label, values] of (scraped.labels.get(metric) || new Map())) add(label, values);
  for (const [label, values] of Object.entries(domains[metric] || {})) add(label, values);
  const inScrape = scraped.labels.has(metric);
  return inScrape || domains[metric] ? out : null;
}
// Selectors with their matchers, from the raw expression (string literals intact).
function selectors(expr) {
  const out = [];
  const sel = /([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{((?:[^}"]|"(?:[^"\\]|\\.)*")*)\}/g;
  let m;
  while ((m = sel.exec(expr))) {
    const matchers = [];
    const mt = /([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g;
    let x;
    while ((x = mt.exec(m[2]))) matchers.push({ label: x[1], op: x[2], value: JSON.parse(`"${x[3]}"`) });
    out.push({ metric: m[1], matchers });
  }
  return out;
}
let matchersChecked = 0;
const unverifiable = new Set();
function checkMatchers(where, expr) {
  for (const { metric, matchers } of selectors(expr)) {
    for (const { label, op, value } of matchers) {
      if (TARGET_LABELS.has(label) || label === "__name__") continue;
      const knowledge = labelKnowledge(metric);
      if (knowledge === null) { unverifiable.add(`${metric}{${label}}`); continue; }
      const values = knowledge.get(label);
      if (!values) {
        failure(`${where}: ${metric} has no label "${label}" (${source}, ${labelValuesFile})`);
        continue;
      }
      matchersChecked++;
      if (op === "!=" || op === "!~" || value.includes("$")) continue; // Grafana variable or exclusion
      const test = op === "=" ? (v) => v === value : (v) => new RegExp(`^(?:${value})$`).test(v);
      if (![...values].some(test)) {
        failure(`${where}: ${metric}{${label}${op}"${value}"} matches none of ${JSON.stringify([...values].sort())}`);
      }
    }
  }
}

const KEYWORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or",
  "unless", "offset", "inf", "nan", "atan2", "Inf", "NaN"]);
// Metric names used by a PromQL expression (Grafana variables allowed).
function metricNames(expr) {
  let e = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""') // string literals
    .replace(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, "1") // Grafana variables
    .replace(/\{[^}]*\}/g, "") // label matchers
    .replace(/\[[^\]]*\]/g, "") // range selectors
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " "); // label lists
  // label_values(metric, label): keep the metric, drop the label argument.
  e = e.replace(/\blabel_values\s*\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*,\s*[A-Za-z_][A-Za-z0-9_]*\s*\)/g, "$1");
  const out = new Set();
  const re = /(?<![a-zA-Z0-9_:.])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![a-zA-Z0-9_:])(\s*\()?/g;
  let m;
  while ((m = re.exec(e))) {
    const [, name, call] = m;
    if (call || KEYWORDS.has(name)) continue;
    if (/^[0-9]/.test(name)) continue;
    out.add(name);
  }
  return out;
}

const exprs = [];
const dash = JSON.parse(fs.readFileSync(dashboardFile, "utf8"));
const walkPanels = (ps) => {
  for (const p of ps || []) {
    for (const t of p.targets || []) if (t.expr) exprs.push({ where: `dashboard panel "${p.title}"`, expr: t.expr });
    walkPanels(p.panels);
  }
};
walkPanels(dash.panels);
for (const v of (dash.templating && dash.templating.list) || []) {
  const q = typeof v.query === "string" ? v.query : v.query && v.query.query;
  if (v.type === "query" && q) exprs.push({ where: `dashboard variable $${v.name}`, expr: q });
}
const dashExprCount = exprs.length;
// Grafana rejects or silently merges panels with duplicate ids.
const ids = [];
const collectIds = (ps) => { for (const p of ps || []) { ids.push(p.id); collectIds(p.panels); } };
collectIds(dash.panels);
const dupIds = ids.filter((id, i) => ids.indexOf(id) !== i);
for (const g of yaml.load(fs.readFileSync(rulesFile, "utf8")).groups) {
  for (const r of g.rules) exprs.push({ where: `rule ${r.alert || r.record}`, expr: String(r.expr) });
}

const used = new Set();
const notInScrape = new Set(); // event-only names a query uses that this scrape lacks
for (const { where, expr } of exprs) {
  for (const n of metricNames(expr)) {
    used.add(n);
    if (known.has(n)) continue;
    if (scrapeFile !== "-" && eventOnly.has(n)) { notInScrape.add(n); continue; }
    failure(`${where} uses "${n}", not exported (${source})`);
  }
  checkMatchers(where, expr);
}
const REQUIRED = ["ats_guard_validation_passing", "ats_guard_findings", "ats_guard_secret_changes_total",
  "ats_guard_reloads_total", "ats_guard_secret_age_seconds", "ats_guard_certificate_expiry_timestamp_seconds",
  "process_cpu_seconds_total", "process_resident_memory_bytes"];
const dashUsed = new Set();
for (const { expr } of exprs.slice(0, dashExprCount)) for (const n of metricNames(expr)) dashUsed.add(n);
for (const n of REQUIRED) {
  if (!dashUsed.has(n)) {
    console.log(`FAIL metrics: the dashboard does not show ${n}`);
    failed++;
  }
}
if (dupIds.length || ids.some((id) => !Number.isInteger(id))) {
  console.log(`FAIL metrics: dashboard panel ids must be unique integers (duplicates: ${dupIds.join(", ")})`);
  failed++;
}
if (dashExprCount === 0) {
  console.log("FAIL metrics: no queries found in the dashboard");
  failed++;
}
if (notInScrape.size) {
  console.log(`note metrics: ${[...notInScrape].sort().join(", ")} not in the scrape: checked against the event-only names of ${staticFile}`);
}
if (unverifiable.size) {
  console.log(`note metrics: label matchers on ${[...unverifiable].sort().join(", ")} not verified: no label knowledge (${source})`);
}
if (!failed) {
  console.log(`ok   metrics: ${exprs.length} queries (${dashExprCount} dashboard) use ${used.size} names, all exported` +
    `${notInScrape.size ? ` (${notInScrape.size} event-only, from the static list)` : ""}; ` +
    `${matchersChecked} label matchers checked, ${unverifiable.size} unverifiable (${source})`);
}
process.exit(failed ? 1 : 0);
