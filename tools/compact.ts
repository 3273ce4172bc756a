/**
 * Compacts a built JavaScript file for publishing: drops whitespace and comments between tokens, but
 * keeps every name (stack traces still name our functions), every `@__PURE__` / `@__NO_SIDE_EFFECTS__`
 * annotation (so a user's bundler can still tree-shake what their handler does not use) and legal
 * comments, and rewrites the file's source map so `--enable-source-maps` still leads to src/.
 *
 * Why not esbuild's `minifyWhitespace`: it also drops the pure annotations, and a 3-step handler
 * bundled from such a dist grew by about 1 KB. Why compact at all: parsing the smaller file is a
 * measurable share of the SDK's import time, which every cold start pays (BENCHMARKS.md).
 *
 * It also writes each TypeScript enum as the object it builds ({@link enumLiterals}): esbuild emits an
 * enum as a function called at load, `var E = ((E2) => { E2["A"] = "a"; return E2; })(E || {})`, and
 * every such function is compiled and run by every cold start; `var E = {"A":"a"}` is the same object.
 *
 * The result is checked before it is written: it must parse to the same syntax tree as the input with
 * those enum rewrites applied (positions aside), or the build fails.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { decode, encode, type SourceMapSegment } from "@jridgewell/sourcemap-codec";
import { parse, tokenizer, type Options } from "acorn";
import type { AnyNode, AssignmentExpression, Expression, Pattern, Program, Statement } from "acorn";

/** Comments a consumer's tooling reads: bundler annotations and licences. */
const KEPT_COMMENT = /^\s*[#@]__(PURE|NO_SIDE_EFFECTS)__\s*$|^!|@license|@preserve/;
/** Characters that can continue an identifier, keyword or number: two of them must stay apart. */
const WORD = /[\p{ID_Continue}$\u200c\u200d\\]/u;

export interface Compacted {
  code: string;
  /** Maps an offset in the input that starts or lies inside a token to its offset in the output. */
  offset: (inputOffset: number) => number;
}

/**
 * Whether two adjacent tokens would read differently without a space between them: two words fuse,
 * `+ +` becomes `++`, `/ /` a comment, `< !` the start of an HTML comment, `1 .x` a decimal point.
 */
function needsSpace(previous: string, next: string): boolean {
  const before = previous[previous.length - 1]!;
  const after = next[0]!;
  if (WORD.test(before) && WORD.test(after)) return true;
  if (after === "." && /^[\d_]+$/.test(previous)) return true;
  return (before === "+" || before === "-" || before === "/" || before === "<") && (after === before || (before === "<" && after === "!"));
}

/** A part of the input written differently: `text` stands for input[start, end). */
interface Rewrite {
  start: number;
  end: number;
  text: string;
}

/** `E2["key"]` (a string key) of the enum's own parameter `param`: the key, else undefined. */
function memberKey(node: Pattern | Expression, param: string): string | undefined {
  if (node.type !== "MemberExpression" || !node.computed || node.object.type !== "Identifier" || node.object.name !== param) return undefined;
  return node.property.type === "Literal" && typeof node.property.value === "string" ? node.property.value : undefined;
}

/** A literal enum value as written (`"a"`, `2`, `-1`), else undefined. */
function literalValue(code: string, node: Expression): string | undefined {
  const literal = node.type === "UnaryExpression" && node.operator === "-" ? node.argument : node;
  if (literal.type !== "Literal" || (typeof literal.value !== "string" && typeof literal.value !== "number")) return undefined;
  if (literal !== node && typeof literal.value !== "number") return undefined;
  return code.slice(node.start, node.end);
}

/**
 * The object literal an esbuild enum function builds, as `"key":value` entries in assignment order, or
 * undefined when `init` is anything else. Only the exact shape esbuild emits is taken: one parameter,
 * statements `P["k"] = literal;` or `P[P["k"] = number] = "k";` (a numeric member with its reverse
 * mapping), then `return P;`, called with `(E || {})`.
 */
function enumEntries(code: string, name: string, init: Expression): string[] | undefined {
  if (init.type !== "CallExpression" || init.arguments.length !== 1 || init.callee.type !== "ArrowFunctionExpression") return undefined;
  const fn = init.callee;
  const argument = init.arguments[0]!;
  if (fn.async || fn.params.length !== 1 || fn.params[0]!.type !== "Identifier" || fn.body.type !== "BlockStatement") return undefined;
  if (argument.type !== "LogicalExpression" || argument.operator !== "||" || argument.left.type !== "Identifier" || argument.left.name !== name) return undefined;
  if (argument.right.type !== "ObjectExpression" || argument.right.properties.length !== 0) return undefined;
  const param = fn.params[0]!.name;
  const body = fn.body.body;
  const last = body[body.length - 1];
  if (last?.type !== "ReturnStatement" || last.argument?.type !== "Identifier" || last.argument.name !== param) return undefined;
  const entries: string[] = [];
  for (const statement of body.slice(0, -1)) {
    if (statement.type !== "ExpressionStatement" || statement.expression.type !== "AssignmentExpression") return undefined;
    const assignment: AssignmentExpression = statement.expression;
    if (assignment.operator !== "=") return undefined;
    const key = memberKey(assignment.left, param);
    if (key !== undefined) {
      // E2["A"] = "a"
      const value = literalValue(code, assignment.right);
      if (value === undefined || key === "__proto__") return undefined;
      entries.push(`${JSON.stringify(key)}:${value}`);
      continue;
    }
    // E2[E2["A"] = 0] = "A": the member, then its reverse mapping.
    const left = assignment.left;
    if (left.type !== "MemberExpression" || !left.computed || left.object.type !== "Identifier" || left.object.name !== param) return undefined;
    const inner = left.property;
    if (inner.type !== "AssignmentExpression" || inner.operator !== "=") return undefined;
    const innerKey = memberKey(inner.left, param);
    const number = literalValue(code, inner.right);
    if (innerKey === undefined || innerKey === "__proto__" || number === undefined || !/^-?[\d.e+]+$/i.test(number)) return undefined;
    if (assignment.right.type !== "Literal" || assignment.right.value !== innerKey) return undefined;
    entries.push(`${JSON.stringify(innerKey)}:${number}`, `${JSON.stringify(String(Number(number)))}:${JSON.stringify(innerKey)}`);
  }
  return entries;
}

/** Every name the program assigns or declares, with how often (an enum is rewritten only when declared once and never reassigned). */
function bindingCounts(program: Program): Map<string, number> {
  const counts = new Map<string, number>();
  const count = (name: string) => counts.set(name, (counts.get(name) ?? 0) + 1);
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as AnyNode;
    if (n.type === "VariableDeclarator" && n.id.type === "Identifier") count(n.id.name);
    else if ((n.type === "FunctionDeclaration" || n.type === "ClassDeclaration") && n.id) count(n.id.name);
    else if (n.type === "AssignmentExpression" && n.left.type === "Identifier") count(n.left.name);
    else if (n.type === "UpdateExpression" && n.argument.type === "Identifier") count(n.argument.name);
    for (const key in n) if (key !== "type") visit((n as unknown as Record<string, unknown>)[key]);
  };
  visit(program);
  return counts;
}

/**
 * The TypeScript enums of a bundle, written as the objects they build: for each top-level
 * `var E = /* @__PURE__ *\/ ((E2) => { … return E2; })(E || {});` whose name is declared once and never
 * reassigned, the call becomes `{"A":"a", …}`. The object has the same own properties, values and key
 * order (integer keys first, then the rest in assignment order, as the function left them), and is still
 * free of side effects for a user's bundler. Anything else is left as it is.
 */
function enumLiterals(code: string, program: Program): Rewrite[] {
  let counts: Map<string, number> | undefined;
  const rewrites: Rewrite[] = [];
  for (const statement of program.body as Statement[]) {
    if (statement.type !== "VariableDeclaration" || statement.declarations.length !== 1) continue;
    const declarator = statement.declarations[0]!;
    if (declarator.id.type !== "Identifier" || !declarator.init) continue;
    const entries = enumEntries(code, declarator.id.name, declarator.init);
    if (entries === undefined) continue;
    counts ??= bindingCounts(program);
    if (counts.get(declarator.id.name) !== 1) continue;
    // From the pure annotation before the call (if any) to the end of the call.
    const before = code.slice(declarator.id.end, declarator.init.start);
    const annotation = before.lastIndexOf("/*");
    const start = annotation === -1 ? declarator.init.start : declarator.id.end + annotation;
    rewrites.push({ start, end: declarator.init.end, text: `{${entries.join(",")}}` });
  }
  return rewrites;
}

/** `code` with `rewrites` (sorted, not overlapping) applied. */
function applyRewrites(code: string, rewrites: readonly Rewrite[]): string {
  let out = "";
  let at = 0;
  for (const r of rewrites) {
    out += code.slice(at, r.start) + r.text;
    at = r.end;
  }
  return out + code.slice(at);
}

/**
 * Compacts `code` (a module when `sourceType` is "module", else a script such as a CJS bundle).
 * `enums: false` leaves the enum functions as they are.
 */
export function compact(code: string, sourceType: "module" | "script", { enums = true }: { enums?: boolean } = {}): Compacted {
  const options: Options = { ecmaVersion: "latest", sourceType, allowHashBang: true };
  const program = parse(code, options);
  const rewrites = enums ? enumLiterals(code, program) : [];
  const kept: { start: number; end: number; block: boolean }[] = [];
  const tokens = [
    ...tokenizer(code, {
      ...options,
      onComment: (block, text, start, end) => {
        if (KEPT_COMMENT.test(text)) kept.push({ start, end, block });
      },
    }),
  ];
  // Each entry is a token, or a rewritten range standing for the tokens inside it.
  const inputStarts: number[] = [];
  const inputEnds: number[] = [];
  const outputStarts: number[] = [];
  const rewritten: boolean[] = [];
  let out = "";
  let previousText = "";
  let previousEnd = -1;
  let nextKept = 0;
  let nextRewrite = 0;
  let emitted = -1; // the last rewrite written out
  for (const token of tokens) {
    while (nextRewrite < rewrites.length && token.start >= rewrites[nextRewrite]!.end) nextRewrite++;
    const rewrite = rewrites[nextRewrite];
    const replacing = rewrite !== undefined && token.start >= rewrite.start;
    if (replacing && emitted === nextRewrite) continue; // the rest of a rewritten range
    if (replacing) emitted = nextRewrite;
    const start = replacing ? rewrite.start : token.start;
    const end = replacing ? rewrite.end : token.end;
    let comments = "";
    while (nextKept < kept.length && kept[nextKept]!.start < start) {
      const comment = kept[nextKept++]!;
      // A line comment ends its line, or it would swallow the code after it.
      comments += code.slice(comment.start, comment.end) + (comment.block ? "" : "\n");
    }
    // Comments inside a rewritten range go with it.
    while (replacing && nextKept < kept.length && kept[nextKept]!.start < end) nextKept++;
    const text = replacing ? rewrite.text : code.slice(start, end);
    if (comments !== "") out += previousEnd === -1 ? comments + "\n" : comments;
    else if (previousEnd !== -1 && start > previousEnd && needsSpace(previousText, text)) out += " ";
    inputStarts.push(start);
    inputEnds.push(end);
    outputStarts.push(out.length);
    rewritten.push(replacing);
    out += text;
    previousText = text;
    previousEnd = end;
  }
  // What follows the last token: comments such as `//# sourceMappingURL=…`, each on its own line.
  const tail = code.slice(Math.max(previousEnd, 0)).trim();
  if (tail !== "") out += "\n" + tail;
  out += "\n";

  const strip = (node: unknown) =>
    JSON.stringify(node, (key, value: unknown) => (key === "start" || key === "end" ? undefined : value));
  const expected = rewrites.length > 0 ? parse(applyRewrites(code, rewrites), options) : program;
  if (strip(expected) !== strip(parse(out, options))) {
    throw new Error("compact: the compacted code does not parse to the same syntax tree as the input");
  }

  const offset = (inputOffset: number): number => {
    const low = lastAtOrBefore(inputStarts, inputOffset);
    const start = inputStarts[low] ?? 0;
    const end = inputEnds[low] ?? start;
    // Inside a token: the same place in the copied token (inside a rewritten range: its start). In
    // the whitespace after it: the next token.
    if (inputOffset < end) return outputStarts[low]! + (rewritten[low] ? 0 : inputOffset - start);
    return low + 1 < outputStarts.length ? outputStarts[low + 1]! : out.length;
  };
  return { code: out, offset };
}

/** Offsets of the first character of each line of `text`. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** Index of the last entry of ascending `sorted` that is ≤ `value` (0 when there is none). */
function lastAtOrBefore(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (sorted[middle]! <= value) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * Moves the generated positions of a source map (v3 `mappings`) from `input` to its compacted form.
 * Segments that land on the same output position keep the first one.
 */
export function remapSourceMap(mappings: string, input: string, compacted: Compacted): string {
  const inputLines = lineStarts(input);
  const outputLines = lineStarts(compacted.code);
  const result: SourceMapSegment[][] = outputLines.map(() => []);
  decode(mappings).forEach((segments, line) => {
    for (const segment of segments) {
      const target = compacted.offset(inputLines[line]! + segment[0]);
      const targetLine = lastAtOrBefore(outputLines, target);
      const column = target - outputLines[targetLine]!;
      const list = result[targetLine]!;
      const last = list[list.length - 1];
      if (last !== undefined && last[0] === column) continue;
      const moved = [...segment] as SourceMapSegment;
      moved[0] = column;
      list.push(moved);
    }
  });
  // Segments come in input order and `offset` never goes backwards, so each line stays sorted.
  return encode(result);
}

/** Compacts a built file in place, with its `.map` beside it when there is one. */
export function compactFile(path: string, sourceType: "module" | "script"): { before: number; after: number } {
  const input = readFileSync(path, "utf8");
  const compacted = compact(input, sourceType);
  let map: { mappings: string } | undefined;
  try {
    map = JSON.parse(readFileSync(`${path}.map`, "utf8")) as { mappings: string };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (map !== undefined) {
    map.mappings = remapSourceMap(map.mappings, input, compacted);
    writeFileSync(`${path}.map`, JSON.stringify(map));
  }
  writeFileSync(path, compacted.code);
  return { before: input.length, after: compacted.code.length };
}
