/**
 * How `npm run bench:instructions` reads a callgrind report (bench/callgrind.ts): the total less the
 * startup functions whose count is random. The sample is made of lines of a real `callgrind_annotate
 * --auto=no` report (the main thread of the 3-step cold child, Valgrind 3.19, Node 20; its header, the
 * total and four function lines), so CI needs no Valgrind. A function that only takes a HashSeed
 * argument (StringHasher) does ordinary work and stays counted.
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
 5,505,525 ( 0.91%)  ???:detail::sprp(unsigned long long, unsigned long long) [/usr/bin/node]
   181,625 ( 0.03%)  ???:v8::internal::HashSeed::InitializeRoots(v8::internal::Isolate*) [/usr/bin/node]
     3,551 ( 0.00%)  ???:unsigned int v8::internal::StringHasher::HashSequentialString<unsigned char>(unsigned char const*, int, v8::internal::HashSeed) [/usr/bin/node]
`;

describe("instructionsLessRandomStartup", () => {
  it("is the program total less the primality tests and hash seeding that differ from run to run, not less the hashing that uses the seed", () => {
    expect(instructionsLessRandomStartup(REPORT)).toBe(603_017_536 - 5_505_525 - 181_625);
  });

  it("refuses a report with no total", () => {
    expect(() => instructionsLessRandomStartup("Ir\n33,100,522 ( 5.49%)  malloc\n")).toThrow("no PROGRAM TOTALS line");
  });
});
