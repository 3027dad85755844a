"use strict";
// Loads every non-empty YAML document of the given files: [{file, index, obj}].
const fs = require("fs");
const yaml = require("js-yaml");

function loadDocs(files) {
  const docs = [];
  for (const file of files) {
    yaml.loadAll(fs.readFileSync(file, "utf8"), (obj) => {
      if (obj !== null && obj !== undefined) docs.push({ file, index: docs.length, obj });
    });
  }
  return docs;
}

function describe(obj) {
  return `${obj.kind}/${(obj.metadata && obj.metadata.name) || "?"}`;
}

module.exports = { loadDocs, describe };
