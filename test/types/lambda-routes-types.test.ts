/**
 * The route seam of the local service is typed per route from the generated LAMBDA_ROUTES table, with no
 * cast: a path parameter or query parameter name that a route does not have does not compile, whether it
 * is misspelled in the generated per-route parameter table (ROUTE_PARAMS in src/generated/lambda-api.ts),
 * in code reading a match's parameters, in a path built for an operation, or in a handler's query read.
 * A function generic in the operation receives the operation's own parameters and handler.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { typecheckSources } from "../support/typecheck.js";

const root = join(import.meta.dirname, "../..");
const GENERATED_PATH = join(root, "src/generated/lambda-api.ts");
const GENERATED = readFileSync(GENERATED_PATH, "utf8");
const API = JSON.stringify(join(root, "src/generated/lambda-api.js"));
const ROUTES = JSON.stringify(join(root, "src/local/http/routes.js"));
const WIRE = JSON.stringify(join(root, "src/local/http/wire.js"));

/** The generated file with the Invoke entry of ROUTE_PARAMS naming `FunctionNam` instead of `FunctionName`. */
function generatedWithMisspelledParameter(): string {
  const entry = "  Invoke: (values) => ({ FunctionName: values[0] }),";
  expect(GENERATED).toContain(entry);
  return GENERATED.replace(entry, entry.replace("FunctionName", "FunctionNam"));
}

const user = (body: string) => `import { LAMBDA_ROUTES, lambdaRoutePath, matchLambdaRoute, type LambdaOperation, type LambdaPathParameters, type LambdaRouteMatch } from ${API};
import { RouteQuery } from ${ROUTES};
import { Query } from ${WIRE};
${body}
export {};
`;

const VALID = user(`
const match = matchLambdaRoute("POST", "/2015-03-31/functions/f/invocations");
if (match?.operation === "Invoke") {
  const name: string = match.params.FunctionName;
  void name;
}
const path: string = lambdaRoutePath("GetDurableExecution", { DurableExecutionArn: "arn" });
const query = new RouteQuery(LAMBDA_ROUTES.ListDurableExecutionsByFunction.query, new Query(new URLSearchParams()));
const statuses: string[] = query.get("Statuses");
const after: number | undefined = query.get("StartedAfter");
const reverse: boolean | undefined = query.get("ReverseOrder");
const marker: string | undefined = query.get("Marker");
void [path, statuses, after, reverse, marker];

// A handler table typed per operation, and a function generic in the operation: the match's parameters
// are that operation's, and its handler is that operation's, with no cast.
type Handler<Op extends LambdaOperation> = (params: LambdaPathParameters<Op>) => string;
declare const HANDLERS: { readonly [Op in LambdaOperation]: Handler<Op> };
function run<Op extends LambdaOperation>(match: LambdaRouteMatch<Op>): string {
  const handler: Handler<Op> = HANDLERS[match.operation];
  return handler(match.params);
}
if (match) run(match);
`);

const MISSPELLED = {
  "a match's parameter": user(`
const match = matchLambdaRoute("POST", "/2015-03-31/functions/f/invocations");
if (match?.operation === "Invoke") void match.params.FunctionNam;
`),
  "a path built for an operation": user(`void lambdaRoutePath("GetDurableExecution", { DurableExecutionARN: "arn" });`),
  "a handler's query read": user(`void new RouteQuery(LAMBDA_ROUTES.ListFunctions.query, new Query(new URLSearchParams())).get("Maxitems");`),
  "another route's parameter handed to a generic operation's handler": user(`
type Handler<Op extends LambdaOperation> = (params: LambdaPathParameters<Op>) => string;
declare const HANDLERS: { readonly [Op in LambdaOperation]: Handler<Op> };
function run<Op extends LambdaOperation>(match: LambdaRouteMatch<Op>): string {
  return HANDLERS[match.operation]({ FunctionName: "f" });
}
void run;
`),
};

describe("the typed route seam", () => {
  // One program for all sources (each a module): far faster than one program each.
  let diagnostics: string[] = [];
  beforeAll(() => {
    diagnostics = typecheckSources([GENERATED, VALID, generatedWithMisspelledParameter(), ...Object.values(MISSPELLED)]).map((d) => d.join("\n"));
  }, 60_000);

  it("compiles the generated table and correct code generic in the operation, with no diagnostics", () => {
    expect(diagnostics[0]).toBe("");
    expect(diagnostics[1]).toBe("");
  });

  it("refuses a path parameter misspelled in the generated per-route table", () => {
    expect(diagnostics[2]).toContain(`Property 'FunctionName' is missing in type '{ FunctionNam: string; }' but required in type 'LambdaPathParameters<"Invoke">'`);
  });

  it("refuses a name misspelled in a match's parameter, a path built for an operation, a handler's query read, and another route's parameter handed to a generic operation's handler, naming it", () => {
    const [match, path, query, generic] = diagnostics.slice(3);
    expect(match).toContain("Property 'FunctionNam' does not exist");
    expect(path).toContain("'DurableExecutionARN' does not exist in type 'LambdaPathParameters<\"GetDurableExecution\">'");
    expect(query).toContain(`Argument of type '"Maxitems"' is not assignable`);
    expect(generic).toContain("'FunctionName' does not exist in type 'LambdaPathParameters<Op>'");
  });
});
