/**
 * One pass over a file that finds the durable parts of it, shared by the three rules:
 *
 * - durable calls: `ctx.step(...)`, `ctx.map(...)`, `ctx.promise.all(...)` — the method names come
 *   from the generated list (schema/operations), so a new operation is covered by regenerating;
 * - the role of each function: a durable root (the handler given to `withDurableExecution`, or a
 *   function with a parameter typed `DurableContext` or used as one), a step body (the function
 *   argument of an operation that runs it as a step) or a child body (runs in a child context);
 * - which variables hold a durable context (the handler's second parameter, a child body's first,
 *   a parameter typed `DurableContext`).
 *
 * Nodes are plain ESTree nodes (or typescript-eslint's superset); the walk keeps its own parent map
 * so nothing depends on the parser setting `parent`.
 */
import type { Rule, Scope, SourceCode } from "eslint";
import {
  CHILD_CONTEXT_METHODS,
  DURABLE_CONTEXT_METHODS,
  DURABLE_PROMISE_METHODS,
  DURABLE_PROMISE_PROPERTY,
  STEP_BODY_METHODS,
} from "../generated/context-methods";

/** An AST node of any parser ESLint runs (ESTree or typescript-eslint). */
// The parsers' node unions are wider than ESTree's: the analysis reads fields by node type.
export type AstNode = { type: string; range?: [number, number]; [key: string]: any };

export type FunctionRole = "root" | "step-body" | "child-body";

/** A durable operation call found in the file. */
export interface DurableCall {
  node: AstNode;
  /** `step`, `map`, `all`, ... */
  method: string;
  /** `ctx.promise.all` reads as `promise.all`. */
  display: string;
  /** The expression the operation is called on (`ctx` in `ctx.step`, also in `ctx.promise.all`). */
  context: AstNode;
  /** The functions the operation runs, with how they run. */
  bodies: { fn: AstNode; role: "step-body" | "child-body" }[];
}

export interface FunctionInfo {
  role?: FunctionRole;
  /** The parameter holding the durable context (roots and child bodies), when there is one. */
  contextParam?: AstNode;
  /** The durable call a step or child body belongs to. */
  owner?: DurableCall;
}

export interface Analysis {
  sourceCode: SourceCode;
  parentOf: Map<AstNode, AstNode | undefined>;
  functions: Map<AstNode, FunctionInfo>;
  calls: DurableCall[];
  /** The declaring identifiers of variables known to hold a durable context. */
  contextParams: Set<AstNode>;
  /** Every node in walk order (pre-order). */
  nodes: AstNode[];
  /**
   * The variable an identifier refers to (or, given `name`, the variable that name means at `node`),
   * or undefined (a global without declaration, or unknown).
   */
  resolve(node: AstNode, name?: string): Scope.Variable | undefined;
  /** Whether an expression holds a durable context. */
  isContext(expression: AstNode): boolean;
  /** Enclosing functions of a node, innermost first. */
  enclosingFunctions(node: AstNode): AstNode[];
}

const CONTEXT_METHODS = new Set<string>(DURABLE_CONTEXT_METHODS);
const PROMISE_METHODS = new Set<string>(DURABLE_PROMISE_METHODS);
const STEP_METHODS = new Set<string>(STEP_BODY_METHODS);
const CHILD_METHODS = new Set<string>(CHILD_CONTEXT_METHODS);

/**
 * Operation names that are also common names elsewhere (`array.map`, `async.parallel`, `emitter.wait`):
 * a call of one of these counts as durable only on an expression known or named to be a context.
 */
const COMMON_NAMES = new Set(
  [...CONTEXT_METHODS].filter(
    (m) => m in Array.prototype || m in Object.prototype || m in Function.prototype || m in Promise || ["wait", "invoke", "parallel"].includes(m),
  ),
);

/** Names that read as a durable context when nothing better is known (`ctx`, `context`, `childContext`). */
const CONTEXT_NAME = /^(ctx|context|[a-z][A-Za-z0-9]*(Context|Ctx))$/;
const NOT_CONTEXT_NAME = /^(lambda|aws|execution|invocation|request|step)(Context|Ctx)$/i;

export const FUNCTION_TYPES = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);
export const isFunction = (node: AstNode | undefined | null): boolean => !!node && FUNCTION_TYPES.has(node.type);

/** `a.b` or `a["b"]`: the property name, when static. */
export function propertyName(member: AstNode): string | undefined {
  if (member.type !== "MemberExpression") return undefined;
  if (!member.computed && member.property.type === "Identifier") return member.property.name;
  if (member.computed && member.property.type === "Literal" && typeof member.property.value === "string") return member.property.value;
  return undefined;
}

/** The source text of a node. */
export const textOf = (sourceCode: SourceCode, node: AstNode): string => sourceCode.getText(node as never);

/** Whether a parameter is annotated with the DurableContext type (TypeScript sources). */
function typedAsContext(param: AstNode): boolean {
  const annotation = param.typeAnnotation?.typeAnnotation;
  if (!annotation || annotation.type !== "TSTypeReference") return false;
  const name = annotation.typeName;
  const simple = name.type === "Identifier" ? name.name : name.type === "TSQualifiedName" ? name.right.name : undefined;
  return simple === "DurableContext";
}

function calleeName(call: AstNode): string | undefined {
  const callee = call.callee;
  if (callee.type === "Identifier") return callee.name;
  return propertyName(callee);
}

/** The function arguments of a durable call, with how each runs. */
function bodiesOf(call: AstNode, method: string): DurableCall["bodies"] {
  if (STEP_METHODS.has(method)) {
    const fn = call.arguments.find(isFunction);
    return fn ? [{ fn, role: "step-body" }] : [];
  }
  if (!CHILD_METHODS.has(method)) return [];
  const out: DurableCall["bodies"] = [];
  for (const arg of call.arguments) {
    if (isFunction(arg)) out.push({ fn: arg, role: "child-body" });
    else if (arg.type === "ArrayExpression") {
      // parallel([fn, { name, func }])
      for (const element of arg.elements) {
        if (isFunction(element)) out.push({ fn: element, role: "child-body" });
        else if (element?.type === "ObjectExpression") {
          for (const prop of element.properties) {
            if (prop.type === "Property" && isFunction(prop.value) && ((prop.key.type === "Identifier" && prop.key.name === "func") || prop.method)) {
              out.push({ fn: prop.value, role: "child-body" });
            }
          }
        }
      }
    }
  }
  return out;
}

/** Walks the AST in pre-order with ESLint's visitor keys, recording each node's parent. */
function walk(sourceCode: SourceCode, visit: (node: AstNode, parent: AstNode | undefined) => void): void {
  const keys = sourceCode.visitorKeys as Record<string, readonly string[] | undefined>;
  // Justified cast: ESLint's Program type and this module's minimal AstNode view describe the same ESTree
  // object; the ESLint typings do not declare the index access the walker uses.
  const stack: [AstNode, AstNode | undefined][] = [[sourceCode.ast as unknown as AstNode, undefined]];
  while (stack.length > 0) {
    const [node, parent] = stack.pop()!;
    visit(node, parent);
    const children: AstNode[] = [];
    for (const key of keys[node.type] ?? []) {
      const value = node[key];
      if (Array.isArray(value)) for (const v of value) if (v && typeof v.type === "string") children.push(v);
      if (value && typeof value.type === "string") children.push(value);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i]!, node]);
  }
}

const cache = new WeakMap<object, Analysis>();

/** The analysis of the file a rule runs on (computed once per file and shared by the rules). */
export function analyze(context: Rule.RuleContext): Analysis {
  const sourceCode = context.sourceCode;
  const cached = cache.get(sourceCode.ast);
  if (cached) return cached;

  const parentOf = new Map<AstNode, AstNode | undefined>();
  const nodes: AstNode[] = [];
  walk(sourceCode, (node, parent) => {
    parentOf.set(node, parent);
    nodes.push(node);
  });

  const resolve = (identifier: AstNode, name: string = identifier.name): Scope.Variable | undefined => {
    let scope: Scope.Scope | null = sourceCode.getScope(identifier as never);
    while (scope) {
      const found = scope.set.get(name);
      if (found) return found;
      scope = scope.upper;
    }
    return undefined;
  };

  const functions = new Map<AstNode, FunctionInfo>();
  const contextParams = new Set<AstNode>();
  const info = (fn: AstNode): FunctionInfo => {
    let entry = functions.get(fn);
    if (!entry) functions.set(fn, (entry = {}));
    return entry;
  };
  const markContextParam = (fn: AstNode, param: AstNode | undefined) => {
    if (param?.type === "Identifier") {
      contextParams.add(param);
      info(fn).contextParam ??= param;
    }
  };
  const declaredFunction = (variable: Scope.Variable | undefined): AstNode | undefined => {
    for (const def of variable?.defs ?? []) {
      const node = def.node as AstNode;
      if (isFunction(node)) return node;
      if (node.type === "VariableDeclarator" && isFunction(node.init)) return node.init;
    }
    return undefined;
  };

  const markRoot = (fn: AstNode) => {
    const entry = info(fn);
    entry.role ??= "root";
    markContextParam(fn, fn.params[1]);
  };

  // Pass 1: handlers given to withDurableExecution, inline or by name, and DurableContext-typed parameters.
  for (const node of nodes) {
    if (node.type === "CallExpression" && calleeName(node) === "withDurableExecution") {
      const arg = node.arguments[0];
      if (isFunction(arg)) markRoot(arg);
      else if (arg?.type === "Identifier") {
        const fn = declaredFunction(resolve(arg));
        if (fn) markRoot(fn);
      }
    }
    // A parameter used as the target of an unmistakable operation (`c.step(...)`) is a context, and its
    // function a root.
    if (node.type === "CallExpression" && node.callee.type === "MemberExpression" && node.callee.object.type === "Identifier") {
      const method = propertyName(node.callee);
      if (method && CONTEXT_METHODS.has(method) && !COMMON_NAMES.has(method)) {
        const def = resolve(node.callee.object)?.defs[0];
        if (def?.type === "Parameter" && isFunction(def.node as AstNode)) {
          const fn = def.node as AstNode;
          info(fn).role ??= "root";
          markContextParam(fn, def.name as AstNode);
        }
      }
    }
    if (isFunction(node)) {
      for (const param of node.params) {
        const target = param.type === "AssignmentPattern" ? param.left : param;
        if (typedAsContext(target)) {
          info(node).role ??= "root";
          markContextParam(node, target);
        }
      }
    }
  }

  const isContext = (expression: AstNode): boolean => {
    if (expression.type === "ChainExpression") return isContext(expression.expression);
    if (expression.type === "TSNonNullExpression" || expression.type === "TSAsExpression") return isContext(expression.expression);
    if (expression.type === "Identifier") {
      const variable = resolve(expression);
      if (variable?.defs.some((d) => contextParams.has(d.name as AstNode))) return true;
      return CONTEXT_NAME.test(expression.name) && !NOT_CONTEXT_NAME.test(expression.name);
    }
    if (expression.type === "MemberExpression") {
      const name = propertyName(expression);
      return !!name && CONTEXT_NAME.test(name) && !NOT_CONTEXT_NAME.test(name) && expression.object.type === "ThisExpression";
    }
    return false;
  };

  // Pass 2 (pre-order, so a context parameter is known before the calls made on it).
  const calls: DurableCall[] = [];
  for (const node of nodes) {
    if (node.type !== "CallExpression") continue;
    const callee = node.callee.type === "ChainExpression" ? node.callee.expression : node.callee;
    const method = propertyName(callee);
    if (!method) continue;
    let found: DurableCall | undefined;
    if (CONTEXT_METHODS.has(method)) {
      const target = callee.object;
      if (!COMMON_NAMES.has(method) || isContext(target)) {
        found = { node, method, display: method, context: target, bodies: bodiesOf(node, method) };
      }
    } else if (PROMISE_METHODS.has(method) && propertyName(callee.object) === DURABLE_PROMISE_PROPERTY && isContext(callee.object.object)) {
      found = { node, method, display: `${DURABLE_PROMISE_PROPERTY}.${method}`, context: callee.object.object, bodies: [] };
    }
    if (!found) continue;
    calls.push(found);
    for (const body of found.bodies) {
      const entry = info(body.fn);
      entry.role = body.role;
      entry.owner = found;
      if (body.role === "child-body") markContextParam(body.fn, body.fn.params[0]);
    }
  }

  const enclosingFunctions = (node: AstNode): AstNode[] => {
    const out: AstNode[] = [];
    for (let at = parentOf.get(node); at; at = parentOf.get(at)) if (isFunction(at)) out.push(at);
    return out;
  };

  const analysis: Analysis = { sourceCode, parentOf, functions, calls, contextParams, nodes, resolve, isContext, enclosingFunctions };
  cache.set(sourceCode.ast, analysis);
  return analysis;
}

/**
 * Where a node runs: inside a step body (`step`), in durable code outside any step (`durable`, with
 * the innermost root or child body), or in code the analysis does not know to be durable.
 */
export function placeOf(analysis: Analysis, node: AstNode): { place: "step" } | { place: "durable"; fn: AstNode } | { place: "other" } {
  for (const fn of analysis.enclosingFunctions(node)) {
    const role = analysis.functions.get(fn)?.role;
    if (role === "step-body") return { place: "step" };
    if (role === "root" || role === "child-body") return { place: "durable", fn };
  }
  return { place: "other" };
}
