// Checks rendered Kubernetes manifests against the Kubernetes API schemas, in two passes over the same package
// (kubernetes-models, generated from Kubernetes' OpenAPI document; @kubernetes-models/prometheus-operator for the
// monitoring.coreos.com kinds):
//  1. each object's JSON-schema validate(): types, enums, required fields, formats;
//  2. TypeScript's excess-property check against the package's types: Kubernetes' schemas allow unknown fields,
//     so validate() alone accepts a misspelt field name ("imagePullPolcy"), which the API server then drops.
// Usage: node validate.mjs FILE...
// Prints one JSON object: {"checked": <objects read>, "errors": ["FILE: Kind/name: message", ...]}.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { parseAllDocuments } from "yaml";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Packages with the schemas of custom resources, by API group (the monitoring component's PodMonitor, PrometheusRule). */
const customResourcePackages = { "monitoring.coreos.com": "@kubernetes-models/prometheus-operator" };

/** "apps/v1" + "Deployment" → "kubernetes-models/apps/v1/Deployment"; core "v1" → "kubernetes-models/v1/...". */
const modelModule = (apiVersion, kind) =>
  `${customResourcePackages[apiVersion.split("/")[0]] ?? "kubernetes-models"}/${apiVersion}/${kind}`;

const describe = (object) => `${object?.kind ?? "(no kind)"}/${object?.metadata?.name ?? "(no name)"}`;

function readObjects(file, errors) {
  const objects = [];
  for (const document of parseAllDocuments(readFileSync(file, "utf8"))) {
    for (const problem of document.errors) {
      errors.push(`${file}: YAML: ${problem.message}`);
    }
    const object = document.toJS();
    if (object !== null && object !== undefined) {
      objects.push(object);
    }
  }
  return objects;
}

function checkSchema(file, object, errors) {
  if (typeof object.apiVersion !== "string" || typeof object.kind !== "string") {
    errors.push(`${file}: ${describe(object)}: apiVersion and kind are required`);
    return false;
  }
  let model;
  try {
    model = require(modelModule(object.apiVersion, object.kind))[object.kind];
  } catch {
    model = undefined;
  }
  if (typeof model !== "function") {
    errors.push(`${file}: ${describe(object)}: no Kubernetes schema for ${object.apiVersion} ${object.kind}`);
    return false;
  }
  try {
    new model(object).validate();
  } catch (error) {
    const details = (error.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
    errors.push(`${file}: ${describe(object)}: ${details.length > 0 ? details.join("; ") : error.message}`);
  }
  return true;
}

function checkFieldNames(entries, errors) {
  // One virtual TypeScript module: every object assigned to a constant of its kind's interface.
  const lines = [];
  const spans = [];
  entries.forEach(({ file, object }, i) => {
    lines.push(`import type { I${object.kind} as T${i} } from "${modelModule(object.apiVersion, object.kind)}";`);
  });
  entries.forEach(({ file, object }, i) => {
    const start = lines.length;
    lines.push(...`export const o${i}: T${i} = ${JSON.stringify(object, null, 2)};`.split("\n"));
    spans.push({ file, object, start, end: lines.length });
  });

  const checkFile = path.join(here, "rendered-manifests.check.ts");
  const source = lines.join("\n");
  const options = {
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) =>
    path.resolve(name) === checkFile ? ts.createSourceFile(name, source, version, true) : getSourceFile(name, version, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === checkFile || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (path.resolve(name) === checkFile ? source : readFile(name));

  const program = ts.createProgram([checkFile], options, host);
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
    if (diagnostic.file === undefined || path.resolve(diagnostic.file.fileName) !== checkFile) {
      errors.push(`field-name check: ${message}`);
      continue;
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    const span = spans.find((s) => line >= s.start && line < s.end);
    const where = span === undefined ? "field-name check" : `${span.file}: ${describe(span.object)}`;
    errors.push(`${where}: ${message}`);
  }
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs FILE...");
  process.exit(2);
}

const errors = [];
const typed = [];
let checked = 0;
for (const file of files) {
  const objects = readObjects(file, errors);
  checked += objects.length;
  for (const object of objects) {
    if (checkSchema(file, object, errors)) {
      typed.push({ file, object });
    }
  }
}
if (typed.length > 0) {
  checkFieldNames(typed, errors);
}

process.stdout.write(JSON.stringify({ checked, errors }));
