"use strict";
// Checks that PromQL in the Grafana dashboard and the alert rules uses only metric names the
// binary exports.
//
//   node check-metric-names.js STATIC_NAMES_FILE SCRAPE_FILE|- DASHBOARD.json RULES.yml
//
// Known names come from SCRAPE_FILE (Prometheus text format from a live /metrics) when given,
// else from STATIC_NAMES_FILE (one name per line). `up` is added: Prometheus makes it per target.
// The dashboard must also show the families issue 5 asks for (REQUIRED below).
const fs = require("fs");
const yaml = require("js-yaml");

const [staticFile, scrapeFile, dashboardFile, rulesFile] = process.argv.slice(2);
if (!staticFile || !scrapeFile || !dashboardFile || !rulesFile) {
  console.error("usage: check-metric-names.js STATIC_NAMES_FILE SCRAPE_FILE|- DASHBOARD.json RULES.yml");
  process.exit(2);
}

function namesFromScrape(text) {
  const names = new Set();
  for (const line of text.split("\n")) {
    let m;
    if ((m = /^#\s*(?:TYPE|HELP)\s+([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line))) names.add(m[1]);
    else if ((m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{|\s)/.exec(line))) names.add(m[1]);
  }
  return names;
}
let known;
let source;
if (scrapeFile !== "-") {
  known = namesFromScrape(fs.readFileSync(scrapeFile, "utf8"));
  source = `scrape ${scrapeFile}`;
} else {
  known = new Set(fs.readFileSync(staticFile, "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#")));
  source = `static list ${staticFile}`;
}
if (known.size === 0) {
  console.log(`FAIL metrics: no metric names in ${source}`);
  process.exit(1);
}
known.add("up");

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

let failed = 0;
const used = new Set();
for (const { where, expr } of exprs) {
  for (const n of metricNames(expr)) {
    used.add(n);
    if (!known.has(n)) {
      console.log(`FAIL metrics: ${where} uses "${n}", not exported (${source})`);
      failed++;
    }
  }
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
if (!failed) {
  console.log(`ok   metrics: ${exprs.length} queries (${dashExprCount} dashboard) use ${used.size} names, all exported (${source})`);
}
process.exit(failed ? 1 : 0);
