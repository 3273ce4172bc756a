/**
 * `no-non-deterministic-outside-step`: a durable handler is replayed from the top on every
 * invocation, so a value that differs between runs (the clock, randomness, generated ids) must come
 * from a step, whose result is checkpointed and returned unchanged on replay.
 */
import type { Rule } from "eslint";
import { analyze, isFunction, placeOf, propertyName, textOf, type Analysis, type AstNode } from "../analysis";

/** Modules whose exports generate ids or random values: any call of an import from them counts. */
const RANDOM_MODULES = new Set(["uuid", "nanoid", "ulid", "ulidx", "cuid", "@paralleldrive/cuid2", "short-uuid", "hyperid"]);
/** `crypto` functions (global Web Crypto or node:crypto) that return random values. */
const CRYPTO_RANDOM = new Set(["randomUUID", "getRandomValues", "randomBytes", "randomInt", "randomFillSync", "randomFill", "generateKeySync", "generatePrimeSync"]);

/** Calls `object.method()` whose result differs between runs, keyed `object.method`. */
const NON_DETERMINISTIC_CALLS = new Set([
  "Math.random",
  "Date.now",
  "performance.now",
  "process.hrtime",
  "process.uptime",
  "process.cpuUsage",
  "process.memoryUsage",
  ...[...CRYPTO_RANDOM].map((m) => `crypto.${m}`),
]);
/** Functions that read as non-deterministic when passed around without being called. */
const NON_DETERMINISTIC_REFERENCES = new Set(["Math.random", "Date.now", "performance.now", "crypto.randomUUID"]);

interface Finding {
  node: AstNode;
  label: string;
  /** Whether the node is a call (or `new`) whose value can be moved into a step. */
  wrappable: boolean;
}

export interface Options {
  /** Also flag non-deterministic code outside durable functions (the whole file), like the reference plugin. */
  checkAllFunctions?: boolean;
}

/** Whether a global name (`Math`, `crypto`) is the global or an import of the matching module, not a local. */
function isGlobalOrImport(analysis: Analysis, identifier: AstNode, modules: string[] = []): boolean {
  const variable = analysis.resolve(identifier);
  if (!variable || variable.defs.length === 0) return true;
  return variable.defs.every((d) => d.type === "ImportBinding" && modules.includes(String((d.parent as AstNode | null)?.source?.value)));
}

/** The module an identifier was imported from and the imported name, if it is an import. */
function importOf(analysis: Analysis, identifier: AstNode): { module: string; imported: string } | undefined {
  const def = analysis.resolve(identifier)?.defs.find((d) => d.type === "ImportBinding");
  if (!def) return undefined;
  const spec = def.node as AstNode;
  const module = String((def.parent as AstNode | null)?.source?.value);
  const imported = spec.type === "ImportSpecifier" ? (spec.imported.name ?? spec.imported.value) : "default";
  return { module, imported };
}

/** `a.b.c` as a dotted name when the member chain is made of static names on an identifier. */
function dotted(node: AstNode): { root: AstNode; name: string } | undefined {
  if (node.type === "Identifier") return { root: node, name: node.name };
  if (node.type !== "MemberExpression") return undefined;
  const prop = propertyName(node);
  const inner = prop ? dotted(node.object) : undefined;
  return inner && { root: inner.root, name: `${inner.name}.${prop}` };
}

const CRYPTO_MODULES = ["crypto", "node:crypto"];

function findingOf(analysis: Analysis, node: AstNode): Finding | undefined {
  if (node.type === "NewExpression" && node.callee.type === "Identifier" && node.callee.name === "Date" && node.arguments.length === 0 && isGlobalOrImport(analysis, node.callee)) {
    return { node, label: "new Date()", wrappable: true };
  }
  if (node.type === "CallExpression") {
    const callee = node.callee;
    if (callee.type === "Identifier") {
      if (callee.name === "Date" && isGlobalOrImport(analysis, callee)) return { node, label: "Date()", wrappable: true };
      const imported = importOf(analysis, callee);
      if (imported && RANDOM_MODULES.has(imported.module)) return { node, label: `${callee.name}() from "${imported.module}"`, wrappable: true };
      if (imported && CRYPTO_MODULES.includes(imported.module) && CRYPTO_RANDOM.has(imported.imported)) return { node, label: `${imported.imported}() from "${imported.module}"`, wrappable: true };
      if (!imported && /uuid/i.test(callee.name) && !isFunction(declaredAt(analysis, callee))) return { node, label: `${callee.name}() (UUID generation)`, wrappable: true };
      return undefined;
    }
    const name = dotted(callee);
    if (!name) return undefined;
    if (name.name === "process.hrtime.bigint") return { node, label: "process.hrtime.bigint()", wrappable: false };
    const key = name.name.split(".").length === 2 ? name.name : undefined;
    if (key && NON_DETERMINISTIC_CALLS.has(key) && isGlobalOrImport(analysis, name.root, key.startsWith("crypto.") ? CRYPTO_MODULES : [])) {
      // process.hrtime.bigint() etc. return values that do not survive JSON; keep the fix for plain values.
      return { node, label: `${key}()`, wrappable: key !== "process.hrtime" };
    }
    const imported = importOf(analysis, name.root);
    if (imported && RANDOM_MODULES.has(imported.module)) return { node, label: `${name.name}() from "${imported.module}"`, wrappable: true };
    if (/uuid/i.test(propertyName(callee) ?? "") || (name.root.name && /uuid/i.test(name.root.name))) return { node, label: `${name.name}() (UUID generation)`, wrappable: true };
    return undefined;
  }
  if (node.type === "MemberExpression") {
    const parent = analysis.parentOf.get(node);
    if (parent && (parent.type === "CallExpression" || parent.type === "NewExpression") && parent.callee === node) return undefined;
    if (parent?.type === "MemberExpression" && parent.object === node) return undefined;
    const name = dotted(node);
    if (name && NON_DETERMINISTIC_REFERENCES.has(name.name) && isGlobalOrImport(analysis, name.root, CRYPTO_MODULES)) return { node, label: name.name, wrappable: false };
  }
  return undefined;
}

/** The function an identifier is declared as in this file, if any. */
function declaredAt(analysis: Analysis, identifier: AstNode): AstNode | undefined {
  for (const def of analysis.resolve(identifier)?.defs ?? []) {
    const node = def.node as AstNode;
    if (isFunction(node)) return node;
    if (node.type === "VariableDeclarator" && isFunction(node.init)) return node.init;
  }
  return undefined;
}

/** The innermost function around a node whose findings are its own (step bodies are not: they are safe). */
function ownerFunction(analysis: Analysis, node: AstNode): AstNode | undefined | "step" {
  const fns = analysis.enclosingFunctions(node);
  const first = fns[0];
  if (first && analysis.functions.get(first)?.role === "step-body") return "step";
  return first;
}

export const noNonDeterministicOutsideStep: Rule.RuleModule = {
  meta: {
    type: "problem",
    hasSuggestions: true,
    docs: {
      description: "Disallow non-deterministic values (clock, randomness, generated ids) in durable code outside a step",
      recommended: true,
      url: "https://github.com/durable-execution-sdk/durable-execution-sdk/blob/main/docs/guide/eslint.md#no-non-deterministic-outside-step",
    },
    messages: {
      outsideStep:
        "{{operation}} returns a different value on replay: the handler runs again from the top on every invocation. Move it into a step (`{{context}}.step(async () => ...)`), whose result is checkpointed.",
      helperOutsideStep:
        'Function "{{name}}" uses {{operation}}, which returns a different value on replay. Call it inside a step (`{{context}}.step(async () => {{name}}(...))`).',
      wrapInStep: "Wrap in `await {{context}}.step(async () => ...)`",
    },
    schema: [
      {
        type: "object",
        properties: { checkAllFunctions: { type: "boolean" } },
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const options = (context.options[0] ?? {}) as Options;
    return {
      "Program:exit"() {
        const analysis = analyze(context);
        const sourceCode = analysis.sourceCode;
        /** Function → what makes it non-deterministic (its first finding), for helpers called from durable code. */
        const tainted = new Map<AstNode, string>();
        const callSites: { node: AstNode; callee: AstNode; owner: AstNode | undefined }[] = [];

        for (const node of analysis.nodes) {
          const finding = findingOf(analysis, node);
          if (finding) {
            const owner = ownerFunction(analysis, node);
            if (owner && owner !== "step" && !tainted.has(owner)) tainted.set(owner, finding.label);
            report(finding);
            continue;
          }
          if (node.type === "CallExpression" && node.callee.type === "Identifier") {
            const owner = ownerFunction(analysis, node);
            if (owner !== "step") callSites.push({ node, callee: node.callee, owner });
          }
        }

        // Helpers: a function calling a non-deterministic function outside a step is one itself.
        const targets = new Map(callSites.map((c) => [c, declaredAt(analysis, c.callee)]));
        for (let changed = true; changed; ) {
          changed = false;
          for (const site of callSites) {
            const target = targets.get(site);
            if (target && tainted.has(target) && site.owner && !tainted.has(site.owner)) {
              tainted.set(site.owner, tainted.get(target)!);
              changed = true;
            }
          }
        }
        for (const site of callSites) {
          const target = targets.get(site);
          if (!target || !tainted.has(target)) continue;
          // A helper inside durable code had its own findings reported already.
          if (placeOf(analysis, target).place === "durable" || analysis.functions.get(target)?.role) continue;
          const place = placeOf(analysis, site.node);
          if (place.place === "step" || (place.place === "other" && !options.checkAllFunctions)) continue;
          const ctx = place.place === "durable" ? contextName(place.fn) : "context";
          context.report({
            node: site.node as never,
            messageId: "helperOutsideStep",
            data: { name: site.callee.name, operation: tainted.get(target)!, context: ctx },
            suggest: suggestion(site.node, place.place === "durable" ? place.fn : undefined, "call"),
          });
        }

        function contextName(fn: AstNode): string {
          return analysis.functions.get(fn)?.contextParam?.name ?? "context";
        }

        function suggestion(node: AstNode, durableFn: AstNode | undefined, kind: "call" | "new-date"): Rule.SuggestionReportDescriptor[] {
          const param = durableFn && analysis.functions.get(durableFn)?.contextParam;
          if (!param) return [];
          // `await` is only valid directly in an async function.
          const inner = analysis.enclosingFunctions(node)[0];
          if (!inner?.async) return [];
          // The context parameter must be the variable the name refers to at this point (not shadowed).
          const visible = analysis.resolve(node, param.name);
          if (!visible?.defs.some((d) => d.name === param)) return [];
          const text = textOf(sourceCode, node);
          const replacement =
            kind === "new-date" ? `new Date(await ${param.name}.step(async () => Date.now()))` : `(await ${param.name}.step(async () => ${text}))`;
          return [{ messageId: "wrapInStep", data: { context: param.name }, fix: (fixer) => fixer.replaceText(node as never, replacement) }];
        }

        function report(finding: Finding) {
          const place = placeOf(analysis, finding.node);
          if (place.place === "step") return;
          if (place.place === "other" && !options.checkAllFunctions) return;
          const fn = place.place === "durable" ? place.fn : undefined;
          const isNewDate = finding.node.type === "NewExpression";
          context.report({
            node: finding.node as never,
            messageId: "outsideStep",
            data: { operation: finding.label, context: fn ? contextName(fn) : "context" },
            suggest: finding.wrappable ? suggestion(finding.node, fn, isNewDate ? "new-date" : "call") : [],
          });
        }
      },
    };
  },
};
