#!/usr/bin/env node
"use strict";
// A stand-in for kubectl in the tests of deploy/scripts: no cluster exists here.
// `create ... --dry-run=client` runs the real kubectl (REAL_KUBECTL) offline; `apply -f -`,
// `get secret`, `rollout` act on Secrets stored as YAML in FAKE_KUBE_STATE. Every call is
// appended to FAKE_KUBE_STATE/calls.log (arguments only; values travel in files and pipes).
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");
const yaml = require(path.join(__dirname, "..", "node_modules", "js-yaml"));

const state = process.env.FAKE_KUBE_STATE;
if (!state) { console.error("fake-kubectl: FAKE_KUBE_STATE unset"); process.exit(99); }
const argv = process.argv.slice(2);
fs.appendFileSync(path.join(state, "calls.log"), argv.join(" ") + "\n");

let ns = "default";
const args = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--namespace" || argv[i] === "-n") ns = argv[++i];
  else if (argv[i] === "--context") i++;
  else args.push(argv[i]);
}
const file = (name) => path.join(state, `secret-${ns}-${name}.yaml`);

if (args[0] === "create") {
  const out = execFileSync(process.env.REAL_KUBECTL, argv, { stdio: ["ignore", "pipe", "inherit"] });
  process.stdout.write(out);
} else if (args[0] === "apply" && args[1] === "-f" && args[2] === "-") {
  const obj = yaml.load(fs.readFileSync(0, "utf8"));
  if (obj.kind !== "Secret") { console.error("fake-kubectl: only Secrets"); process.exit(1); }
  fs.writeFileSync(file(obj.metadata.name), yaml.dump(obj));
  console.log(`secret/${obj.metadata.name} configured`);
} else if (args[0] === "get" && args[1] === "secret") {
  const name = args[2];
  if (!fs.existsSync(file(name))) { console.error(`Error from server (NotFound): secrets "${name}" not found`); process.exit(1); }
  const obj = yaml.load(fs.readFileSync(file(name), "utf8"));
  const tpl = (args.find((a) => a.startsWith("go-template=")) || "").slice("go-template=".length) ||
    (args.includes("-o") ? args[args.indexOf("-o") + 1].replace(/^go-template=/, "") : "");
  let m;
  if (!tpl) process.stdout.write(`NAME   TYPE   DATA\n${name}   Opaque   ${Object.keys(obj.data).length}\n`);
  else if (/range \$k, \$v := \.data/.test(tpl)) process.stdout.write(Object.keys(obj.data).sort().map((k) => k + "\n").join(""));
  else if ((m = /index \.data "([^"]+)" \| base64decode/.exec(tpl))) process.stdout.write(Buffer.from(obj.data[m[1]], "base64"));
  else { console.error(`fake-kubectl: unsupported template ${tpl}`); process.exit(1); }
} else if (args[0] === "rollout" && (args[1] === "restart" || args[1] === "status")) {
  console.log(`${args[2]} ${args[1] === "restart" ? "restarted" : "successfully rolled out"}`);
} else {
  console.error(`fake-kubectl: unsupported call: ${argv.join(" ")}`);
  process.exit(1);
}
