/**
 * The lint rules under ESLint's RuleTester (with vitest as its test framework), on TypeScript
 * (typescript-eslint's parser) and plain JavaScript. Cases include those the reference plugin's public
 * tests describe (ported as facts: Date.now(), new Date(), Math.random(), UUID generation, a step
 * entered and exited, the same context inside its own operation, closure writes of every form).
 */
import { RuleTester } from "eslint";
import tsParser from "@typescript-eslint/parser";
import { afterAll, describe, it } from "vitest";
import plugin from "../../src/eslint/index";

// RuleTester reports through the test framework's hooks (its static fields, not in eslint's types).
Object.assign(RuleTester, { afterAll, describe, it, itOnly: it.only });

const ts = new RuleTester({ languageOptions: { parser: tsParser, ecmaVersion: 2022, sourceType: "module" } });
const js = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: "module" } });

const handler = (body: string) => `
import { withDurableExecution, type DurableContext } from "durable-execution-sdk";
export const handler = withDurableExecution(async (event: { id: string }, context: DurableContext) => {
${body}
});
`;

ts.run("no-non-deterministic-outside-step", plugin.rules["no-non-deterministic-outside-step"], {
  valid: [
    { name: "Date.now() inside a step", code: handler("const t = await context.step('t', async () => Date.now());") },
    { name: "Math.random() inside a step without a name", code: handler("const r = await context.step(async () => Math.random());") },
    { name: "crypto.randomUUID() inside a step", code: handler("const id = await context.step('id', async () => crypto.randomUUID());") },
    { name: "inside a nested function within a step", code: handler("await context.step('s', async () => [1, 2].map(() => Math.random()));") },
    { name: "inside a waitForCondition check (runs as a step)", code: handler("await context.waitForCondition(async (s) => ({ at: Date.now() }), { initialState: {}, waitStrategy: () => ({ shouldContinue: false }) });") },
    { name: "inside a waitForCallback submitter (runs as a step)", code: handler("await context.waitForCallback('cb', async (id) => { await fetch('x?' + Math.random()); });") },
    { name: "new Date(value) is deterministic", code: handler("const d = new Date(event.id);") },
    { name: "outside durable code (module scope, plain functions)", code: "export const started = Date.now();\nexport function id() { return crypto.randomUUID(); }" },
    { name: "a local named Math is not the global", code: handler("const Math = { random: () => 4 };\nconst r = Math.random();") },
    { name: "a helper called only inside a step", code: "function stamp() { return Date.now(); }\n" + handler("await context.step('s', async () => stamp());") },
  ],
  invalid: [
    {
      name: "Date.now() in the handler body, with a fix wrapping it in a step",
      code: handler("const t = Date.now();"),
      errors: [
        {
          messageId: "outsideStep",
          data: { operation: "Date.now()", context: "context" },
          suggestions: [{ messageId: "wrapInStep", data: { context: "context" }, output: handler("const t = (await context.step(async () => Date.now()));") }],
        },
      ],
    },
    {
      name: "Math.random() in the handler body",
      code: handler("if (Math.random() > 0.5) await context.wait({ seconds: 1 });"),
      errors: [{ messageId: "outsideStep", data: { operation: "Math.random()", context: "context" }, suggestions: [{ messageId: "wrapInStep", output: handler("if ((await context.step(async () => Math.random())) > 0.5) await context.wait({ seconds: 1 });") }] }],
    },
    {
      name: "crypto.randomUUID() in the handler body",
      code: handler("const id = crypto.randomUUID();"),
      errors: [{ messageId: "outsideStep", data: { operation: "crypto.randomUUID()", context: "context" }, suggestions: 1 }],
    },
    {
      name: "new Date() gets a fix that keeps a Date (a step's Date would come back as a string)",
      code: handler("const now = new Date();"),
      errors: [{ messageId: "outsideStep", data: { operation: "new Date()", context: "context" }, suggestions: [{ messageId: "wrapInStep", output: handler("const now = new Date(await context.step(async () => Date.now()));") }] }],
    },
    {
      name: "performance.now(), process.hrtime() and a uuid import",
      code: 'import { v4 as uuidv4 } from "uuid";\n' + handler("const a = performance.now();\nconst b = process.hrtime();\nconst c = uuidv4();"),
      errors: [
        { messageId: "outsideStep", data: { operation: "performance.now()", context: "context" }, suggestions: 1 },
        { messageId: "outsideStep", data: { operation: "process.hrtime()", context: "context" }, suggestions: 0 },
        { messageId: "outsideStep", data: { operation: 'uuidv4() from "uuid"', context: "context" }, suggestions: 1 },
      ],
    },
    {
      name: "randomUUID imported from node:crypto",
      code: 'import { randomUUID } from "node:crypto";\n' + handler("const id = randomUUID();"),
      errors: [{ messageId: "outsideStep", data: { operation: 'randomUUID() from "node:crypto"', context: "context" }, suggestions: 1 }],
    },
    {
      name: "after a step has ended (the step's arguments other than its function are outside it)",
      code: handler("await context.step('a', async () => 1);\nconst r = Math.random();"),
      errors: [{ messageId: "outsideStep", suggestions: 1 }],
    },
    {
      name: "a passed reference (Math.random as a value)",
      code: handler("const pick = [1, 2].sort(Math.random);"),
      errors: [{ messageId: "outsideStep", data: { operation: "Math.random", context: "context" }, suggestions: 0 }],
    },
    {
      name: "in a child context's function, with the child's context in the fix",
      code: handler("await context.runInChildContext('c', async (child) => { const t = Date.now(); });"),
      errors: [{ messageId: "outsideStep", data: { operation: "Date.now()", context: "child" }, suggestions: [{ messageId: "wrapInStep", output: handler("await context.runInChildContext('c', async (child) => { const t = (await child.step(async () => Date.now())); });") }] }],
    },
    {
      name: "in a map item function and a parallel branch",
      code: handler("await context.map('m', [1], async (ctx, item) => item + Math.random());\nawait context.parallel('p', [async (b) => Date.now(), { name: 'x', func: async (b) => Math.random() }]);"),
      errors: [{ messageId: "outsideStep", data: { operation: "Math.random()", context: "ctx" }, suggestions: 1 }, { messageId: "outsideStep", data: { operation: "Date.now()", context: "b" }, suggestions: 1 }, { messageId: "outsideStep", data: { operation: "Math.random()", context: "b" }, suggestions: 1 }],
    },
    {
      name: "a helper that uses Date.now(), called from the handler (also through another helper)",
      code: "function stamp() { return Date.now(); }\nconst later = () => stamp() + 1;\n" + handler("const a = stamp();\nconst b = later();"),
      errors: [
        { messageId: "helperOutsideStep", data: { name: "stamp", operation: "Date.now()", context: "context" }, suggestions: [{ messageId: "wrapInStep", output: "function stamp() { return Date.now(); }\nconst later = () => stamp() + 1;\n" + handler("const a = (await context.step(async () => stamp()));\nconst b = later();") }] },
        { messageId: "helperOutsideStep", data: { name: "later", operation: "Date.now()", context: "context" }, suggestions: 1 },
      ],
    },
    {
      name: "a handler declared as a function and given to withDurableExecution by name; no fix in a non-async function",
      code: "function work(event, ctx) { return ctx.step('s', async () => 1).then(() => Date.now()); }\nexport const handler = withDurableExecution(work);",
      errors: [{ messageId: "outsideStep", suggestions: 0 }],
    },
    {
      name: "a function whose parameter is used as a context (c.step) is durable code",
      code: "export async function flow(event, c) { const t = Date.now(); await c.step('s', async () => t); }",
      errors: [{ messageId: "outsideStep", data: { operation: "Date.now()", context: "c" }, suggestions: 1 }],
    },
    {
      name: "checkAllFunctions flags any function, like the reference plugin",
      code: "export function id() { return Math.random(); }",
      options: [{ checkAllFunctions: true }],
      errors: [{ messageId: "outsideStep" }],
    },
  ],
});

js.run("no-non-deterministic-outside-step (JavaScript)", plugin.rules["no-non-deterministic-outside-step"], {
  valid: [{ code: "export const handler = withDurableExecution(async (event, context) => context.step('t', async () => Date.now()));" }],
  invalid: [{ code: "export const handler = withDurableExecution(async (event, context) => { const t = Date.now(); return t; });", errors: [{ messageId: "outsideStep", suggestions: 1 }] }],
});

ts.run("no-nested-durable-operations", plugin.rules["no-nested-durable-operations"], {
  valid: [
    { name: "operations on the handler's context, one after another", code: handler("await context.step('a', async () => 1);\nawait context.wait({ seconds: 1 });") },
    { name: "a child context's function uses its own context", code: handler("await context.runInChildContext('c', async (child) => { await child.step('a', async () => 1); await child.wait({ seconds: 1 }); });") },
    { name: "shadowing: the child's parameter has the outer name", code: handler("await context.runInChildContext('c', async (context) => { await context.step('a', async () => 1); });") },
    { name: "map item function uses its own context", code: handler("await context.map('m', [1, 2], async (ctx, item) => ctx.step('x', async () => item));") },
    { name: "array map inside a step is not a durable map", code: handler("await context.step('s', async () => [1, 2].map((x) => x * 2));") },
    { name: "nested child contexts each on their own", code: handler("await context.runInChildContext(async (a) => a.runInChildContext(async (b) => b.step(async () => 1)));") },
  ],
  invalid: [
    {
      name: "a durable call nested in a step (the outer context)",
      code: handler("await context.step('outer', async () => { await context.step('inner', async () => 1); });"),
      errors: [{ messageId: "insideStep", data: { call: "context.step(...)", owner: "context.step" } }],
    },
    {
      name: "wait inside a step",
      code: handler("await context.step(async () => { await context.wait({ seconds: 5 }); });"),
      errors: [{ messageId: "insideStep" }],
    },
    {
      name: "promise combinator inside a step",
      code: handler("await context.step(async () => context.promise.all([]));"),
      errors: [{ messageId: "insideStep", data: { call: "context.promise.all(...)", owner: "context.step" } }],
    },
    {
      name: "the outer context inside runInChildContext, with a fix to the child's context",
      code: handler("await context.runInChildContext('c', async (child) => { await context.step('a', async () => 1); });"),
      errors: [{ messageId: "outerContext", suggestions: [{ messageId: "useChildContext", data: { child: "child" }, output: handler("await context.runInChildContext('c', async (child) => { await child.step('a', async () => 1); });") }] }],
    },
    {
      name: "the outer context in a map item function and a parallel branch",
      code: handler("await context.map([1], async (c, item) => context.step(async () => item));\nawait context.parallel([async (b) => context.wait({ seconds: 1 })]);"),
      errors: [{ messageId: "outerContext", suggestions: 1 }, { messageId: "outerContext", suggestions: 1 }],
    },
    {
      name: "a child function without a parameter: reported, no fix",
      code: handler("await context.runInChildContext(async () => { await context.wait({ seconds: 1 }); });"),
      errors: [{ messageId: "outerContext", suggestions: 0 }],
    },
    {
      name: "durable call inside a waitForCondition check",
      code: handler("await context.waitForCondition(async (s) => { await context.wait({ seconds: 1 }); return s; }, { initialState: 0, waitStrategy: () => ({ shouldContinue: false }) });"),
      errors: [{ messageId: "insideStep", data: { call: "context.wait(...)", owner: "context.waitForCondition" } }],
    },
  ],
});

ts.run("no-closure-in-durable-operations", plugin.rules["no-closure-in-durable-operations"], {
  valid: [
    { name: "reading an outer variable", code: handler("let a = 0;\nawait context.step(async () => a + 1);") },
    { name: "assigning the step's result outside it", code: handler("let a = 0;\na = await context.step(async () => 1);") },
    { name: "locals of the function", code: handler("await context.step(async () => { let local = 0; local++; if (true) { let b = 0; b = 1; } return local; });") },
    { name: "a shadowing variable in a nested function", code: handler("let counter = 0;\nawait context.step(async () => { const inner = () => { let counter = 0; counter++; return counter; }; return inner(); });") },
    { name: "callbacks of non-durable calls", code: handler("let counter = 0;\n[1, 2].forEach(() => { counter++; });") },
    { name: "a callback parameter", code: handler("await context.runInChildContext(async (ctx) => { ctx = null as never; });") },
    { name: "a named function expression assigning its own name", code: handler("await context.step(function self() { self = null as never; return Promise.resolve(1); });") },
    { name: "mutating an object created in the function", code: handler("await context.step(async () => { const o = { n: 0 }; o.n++; return o; });") },
  ],
  invalid: [
    { name: "assignment", code: handler("let a = 0;\nawait context.step(async () => { a = 5; });"), errors: [{ messageId: "assigned", data: { name: "a", operation: "context.step" } }] },
    { name: "compound assignment", code: handler("let a = 0;\nawait context.step('s', async () => { a += 1; });"), errors: [{ messageId: "assigned" }] },
    { name: "increment and decrement", code: handler("let a = 0;\nawait context.step(async () => { a++; --a; });"), errors: [{ messageId: "assigned" }, { messageId: "assigned" }] },
    { name: "in runInChildContext", code: handler("let a = 0;\nawait context.runInChildContext(async (ctx) => { a = 1; });"), errors: [{ messageId: "assigned", data: { name: "a", operation: "context.runInChildContext" } }] },
    { name: "in waitForCondition", code: handler("let n = 0;\nawait context.waitForCondition(async (s) => { n++; return s; }, { initialState: 0, waitStrategy: () => ({ shouldContinue: false }) });"), errors: [{ messageId: "assigned" }] },
    { name: "in a waitForCallback submitter", code: handler("let sent = false;\nawait context.waitForCallback(async (id) => { sent = true; });"), errors: [{ messageId: "assigned", data: { name: "sent", operation: "context.waitForCallback" } }] },
    { name: "in a map item function", code: handler("let total = 0;\nawait context.map([1], async (c, item) => { total += item; });"), errors: [{ messageId: "assigned" }] },
    { name: "destructured outer declaration and destructuring assignment", code: handler("let { id } = event;\nlet b = 0;\nawait context.step(async () => { id += '1'; [b] = [1]; });"), errors: [{ messageId: "assigned", data: { name: "id", operation: "context.step" } }, { messageId: "assigned", data: { name: "b", operation: "context.step" } }] },
    { name: "module-scope variable", code: "let counter = 0;\n" + handler("await context.step(async () => { counter++; });"), errors: [{ messageId: "assigned" }] },
    { name: "a property of an outer object, and push on an outer array", code: handler("const state = { n: 0 };\nconst log: number[] = [];\nawait context.step(async () => { state.n = 1; log.push(1); });"), errors: [{ messageId: "mutated", data: { name: "state", operation: "context.step", how: "property assignment" } }, { messageId: "mutated", data: { name: "log", operation: "context.step", how: ".push()" } }] },
    { name: "a catch binding", code: handler("try { await Promise.resolve(); } catch (e) { await context.step(async () => { e = null; }); }"), errors: [{ messageId: "assigned", data: { name: "e", operation: "context.step" } }] },
  ],
});
