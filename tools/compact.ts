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
 * The result is checked before it is written: it must parse to the same syntax tree as the input
 * (positions aside), or the build fails.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { decode, encode, type SourceMapSegment } from "@jridgewell/sourcemap-codec";
import { parse, tokenizer, type Options } from "acorn";

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

/** Compacts `code` (a module when `sourceType` is "module", else a script such as a CJS bundle). */
export function compact(code: string, sourceType: "module" | "script"): Compacted {
  const options: Options = { ecmaVersion: "latest", sourceType, allowHashBang: true };
  const kept: { start: number; end: number; block: boolean }[] = [];
  const tokens = [
    ...tokenizer(code, {
      ...options,
      onComment: (block, text, start, end) => {
        if (KEPT_COMMENT.test(text)) kept.push({ start, end, block });
      },
    }),
  ];
  const inputStarts: number[] = [];
  const outputStarts: number[] = [];
  let out = "";
  let previousStart = 0;
  let previousEnd = -1;
  let nextKept = 0;
  for (const token of tokens) {
    let comments = "";
    while (nextKept < kept.length && kept[nextKept]!.start < token.start) {
      const comment = kept[nextKept++]!;
      // A line comment ends its line, or it would swallow the code after it.
      comments += code.slice(comment.start, comment.end) + (comment.block ? "" : "\n");
    }
    const text = code.slice(token.start, token.end);
    if (comments !== "") out += previousEnd === -1 ? comments + "\n" : comments;
    else if (previousEnd !== -1 && token.start > previousEnd && needsSpace(code.slice(previousStart, previousEnd), text)) out += " ";
    inputStarts.push(token.start);
    outputStarts.push(out.length);
    out += text;
    previousStart = token.start;
    previousEnd = token.end;
  }
  // What follows the last token: comments such as `//# sourceMappingURL=…`, each on its own line.
  const tail = code.slice(Math.max(previousEnd, 0)).trim();
  if (tail !== "") out += "\n" + tail;
  out += "\n";

  const strip = (node: unknown) =>
    JSON.stringify(node, (key, value: unknown) => (key === "start" || key === "end" ? undefined : value));
  if (strip(parse(code, options)) !== strip(parse(out, options))) {
    throw new Error("compact: the compacted code does not parse to the same syntax tree as the input");
  }

  const offset = (inputOffset: number): number => {
    const low = lastAtOrBefore(inputStarts, inputOffset);
    const start = inputStarts[low] ?? 0;
    const end = tokens[low] === undefined ? start : tokens[low]!.end;
    // Inside a token: the same place in the copied token. In the whitespace after it: the next token.
    if (inputOffset < end) return outputStarts[low]! + (inputOffset - start);
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
