/**
 * How `npm run bench:instructions` reads a callgrind report (bench/callgrind.ts): the total less the
 * startup functions whose count is random. The sample is the head of a real `callgrind_annotate
 * --auto=no` report of a node process (Valgrind 3.19, Node 20), so CI needs no Valgrind.
 */
import { describe, expect, it } from "vitest";
import { instructionsLessRandomStartup } from "../../bench/callgrind.js";

const REPORT = `--------------------------------------------------------------------------------
Profile data file '/tmp/cg.out-01' (creator: callgrind-3.19.0)
--------------------------------------------------------------------------------
Profiled target:  node cold-child.mjs threeSteps ours durable-execution-sdk (PID 25040, part 1, thread 1)
Events recorded:  Ir
Thresholds:       100
--------------------------------------------------------------------------------
Ir
--------------------------------------------------------------------------------
603,017,536 (100.0%)  PROGRAM TOTALS

--------------------------------------------------------------------------------
Ir                   file:function
--------------------------------------------------------------------------------
33,100,522 ( 5.49%)  ./malloc/./malloc/malloc.c:_int_free [/usr/lib/x86_64-linux-gnu/libc.so.6]
 6,891,204 ( 1.14%)  ???:detail::sprp(unsigned long long, unsigned long long) [/usr/bin/node]
   412,000 ( 0.07%)  ???:detail::sprp(unsigned long long, unsigned long long)'2 [/usr/bin/node]
 1,120,330 ( 0.19%)  ???:v8::internal::HashSeed::InitializeRoots(v8::internal::Isolate*) [/usr/bin/node]
 5,220,119 ( 0.87%)  ???:Builtins_DefineNamedOwnIC [/usr/bin/node]
`;

describe("instructionsLessRandomStartup", () => {
  it("is the program total less the primality tests and hash seeding that differ from run to run", () => {
    expect(instructionsLessRandomStartup(REPORT)).toBe(603_017_536 - 6_891_204 - 412_000 - 1_120_330);
  });

  it("refuses a report with no total", () => {
    expect(() => instructionsLessRandomStartup("Ir\n33,100,522 ( 5.49%)  malloc\n")).toThrow("no PROGRAM TOTALS line");
  });
});
