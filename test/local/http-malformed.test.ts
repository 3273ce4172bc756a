import { execFile } from "node:child_process";
import { promisify } from "node:util";
/**
 * Malformed requests to the local HTTP service (what the AWS SDK would never send): each gets a
 * Lambda-style error (status code, `x-amzn-errortype` header, `{"Type":"User","message":…}` body)
 * and the server keeps serving.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { withDurableExecution } from "../../src/index.js";
import type { DurableFunctionHandler } from "../../src/local/index.js";
import { LocalHttpServer } from "../../src/local/http/index.js";
import { rawRequest, type RawResponse } from "./http-support.js";

const execFileAsync = promisify(execFile);

const EXECUTIONS = "/2025-12-01/durable-executions";

function expectError(response: RawResponse, status: number, type: string, message: RegExp | string): void {
  expect(response.status, response.text).toBe(status);
  expect(response.headers["x-amzn-errortype"]).toBe(type);
  expect(response.headers["content-type"]).toBe("application/json");
  expect(response.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
  expect(response.json).toMatchObject({ Type: "User" });
  if (typeof message === "string") expect(String(response.json?.message)).toBe(message);
  else expect(String(response.json?.message)).toMatch(message);
}

describe("local HTTP service: malformed requests", () => {
  let server: LocalHttpServer;
  let arn: string;
  const internalErrors: string[] = [];

  beforeAll(async () => {
    server = await LocalHttpServer.start({ log: (message) => internalErrors.push(message) });
    server.registerFunction("steps", withDurableExecution(async (_e, ctx) => ctx.step("one", async () => 1)) as DurableFunctionHandler);
    const started = await rawRequest(server.endpoint, "POST", "/2015-03-31/functions/steps/invocations", "{}");
    expect(started.status).toBe(200);
    arn = started.headers["x-amz-durable-execution-arn"] as string;
  });

  afterAll(async () => {
    await server?.close();
  });

  const encoded = () => encodeURIComponent(arn);

  it("unknown routes are 404 UnknownOperationException, a wrong method 405 with Allow", async () => {
    expectError(await rawRequest(server.endpoint, "GET", "/nothing/here"), 404, "UnknownOperationException", /No Lambda API operation at GET \/nothing\/here/);
    expectError(await rawRequest(server.endpoint, "POST", "/2025-12-01/durable-execution-callbacks/abc/explode"), 404, "UnknownOperationException", /explode/);
    const wrongMethod = await rawRequest(server.endpoint, "DELETE", `${EXECUTIONS}/${encoded()}/checkpoint`);
    expectError(wrongMethod, 405, "MethodNotAllowedException", /CheckpointDurableExecution takes POST, not DELETE/);
    expect(wrongMethod.headers.allow).toBe("POST");
    expectError(await rawRequest(server.endpoint, "POST", "/2015-03-31/functions/steps/invocations/extra"), 404, "UnknownOperationException", /invocations\/extra/);
  });

  it("bodies that are not JSON, or not the JSON an operation takes, are 400", async () => {
    const checkpoint = `${EXECUTIONS}/${encoded()}/checkpoint`;
    expectError(await rawRequest(server.endpoint, "POST", checkpoint, "{oops"), 400, "InvalidRequestContentException", /Could not parse request body into json/);
    expectError(await rawRequest(server.endpoint, "POST", checkpoint, "[1,2]"), 400, "InvalidRequestContentException", /must be a JSON object \(got array\)/);
    expectError(await rawRequest(server.endpoint, "POST", checkpoint, "{}"), 400, "InvalidParameterValueException", /CheckpointToken is required/);
    expectError(await rawRequest(server.endpoint, "POST", checkpoint, '{"CheckpointToken":5}'), 400, "InvalidParameterValueException", /CheckpointToken must be a string \(got number\)/);
    // Each malformed update list is a 400 naming the field by its path and what it must be (a wrong enum
    // value lists the values of schema/enums.yaml).
    const malformed: [string, RegExp][] = [
      ['{"CheckpointToken":"x","Updates":{"Id":"1"}}', /Updates must be a list/],
      ['{"CheckpointToken":"x","Updates":[{"Id":"1","WaitOptions":{"WaitSeconds":"ten"}}]}', /Updates\[0\]\.WaitOptions\.WaitSeconds must be an integer \(got string\)/],
      ['{"CheckpointToken":"x","Updates":[7]}', /Updates\[0\] must be an OperationUpdate \(a JSON object\) \(got number\)/],
      ['{"CheckpointToken":"x","Updates":[{"Id":"1","Type":"STEP","Action":"FINISH"}]}', /Updates\[0\]\.Action must be one of CANCEL, FAIL, RETRY, START, SUCCEED \(got "FINISH"\)/],
      ['{"CheckpointToken":"x","Updates":[{"Id":"1"},{"Id":"2","Error":{"StackTrace":"line 1"}}]}', /Updates\[1\]\.Error\.StackTrace must be a list of strings \(got string\)/],
      ['{"CheckpointToken":"x","Updates":[{"Id":"1","ContextOptions":{"ReplayChildren":"yes"}}]}', /Updates\[0\]\.ContextOptions\.ReplayChildren must be a boolean \(got string\)/],
      ['{"CheckpointToken":"x","Updates":[{"Id":"1","StepOptions":[5]}]}', /Updates\[0\]\.StepOptions must be a StepOptions \(a JSON object\) \(got array\)/],
    ];
    for (const [body, message] of malformed) {
      expectError(await rawRequest(server.endpoint, "POST", checkpoint, body), 400, "InvalidParameterValueException", message);
    }
    const stop = `${EXECUTIONS}/${encoded()}/stop`;
    expectError(await rawRequest(server.endpoint, "POST", stop, '{"ErrorMessage":["x"]}'), 400, "InvalidParameterValueException", /Error\.ErrorMessage must be a string/);
    expectError(await rawRequest(server.endpoint, "POST", stop, '{"StackTrace":[1]}'), 400, "InvalidParameterValueException", /Error\.StackTrace must be a list of strings/);
    expectError(
      await rawRequest(server.endpoint, "POST", "/2025-12-01/durable-execution-callbacks/abc/fail", '"text"'),
      400,
      "InvalidParameterValueException",
      /Error must be an ErrorObject/,
    );
  });

  it("unknown executions, functions and callbacks are 404; missing or malformed parameters 400", async () => {
    expectError(await rawRequest(server.endpoint, "GET", `${EXECUTIONS}/arn%3Anope`), 404, "ResourceNotFoundException", /Durable execution not found: arn:nope/);
    expectError(await rawRequest(server.endpoint, "GET", `${EXECUTIONS}/arn%3Anope/history`), 404, "ResourceNotFoundException", /not found/);
    expectError(await rawRequest(server.endpoint, "GET", `${EXECUTIONS}/${encoded()}/state`), 400, "InvalidParameterValueException", /CheckpointToken is required/);
    expectError(await rawRequest(server.endpoint, "GET", `${EXECUTIONS}/${encoded()}/history?MaxItems=lots`), 400, "InvalidParameterValueException", /MaxItems must be an integer/);
    expectError(await rawRequest(server.endpoint, "GET", `${EXECUTIONS}/${encoded()}/history?MaxItems=1&MaxItems=2`), 400, "InvalidParameterValueException", /given 2 times/);
    expectError(await rawRequest(server.endpoint, "GET", `${EXECUTIONS}/${encoded()}?IncludeExecutionData=maybe`), 400, "InvalidParameterValueException", /true or false/);
    expectError(await rawRequest(server.endpoint, "GET", `${EXECUTIONS}/%E0%A4%A`), 400, "InvalidParameterValueException", /Malformed percent-encoding/);
    expectError(await rawRequest(server.endpoint, "GET", "/2025-12-01/functions/nobody/durable-executions"), 404, "ResourceNotFoundException", /Function not found/);
    expectError(
      await rawRequest(server.endpoint, "GET", "/2025-12-01/functions/steps/durable-executions?Statuses=DONE"),
      400,
      "InvalidParameterValueException",
      /Statuses may only hold/,
    );
    expectError(
      await rawRequest(server.endpoint, "GET", "/2025-12-01/functions/steps/durable-executions?StartedAfter=yesterday"),
      400,
      "InvalidParameterValueException",
      /StartedAfter must be an ISO 8601 timestamp/,
    );
    expectError(await rawRequest(server.endpoint, "POST", "/2025-12-01/durable-execution-callbacks/%21%21/succeed", "x"), 404, "ResourceNotFoundException", /Callback not found/);
    expectError(await rawRequest(server.endpoint, "POST", "/2015-03-31/functions/bad%20name/invocations", "{}"), 400, "InvalidParameterValueException", /not a function name/);
    expectError(
      await rawRequest(server.endpoint, "POST", "/2015-03-31/functions/steps/invocations", "{}", { "X-Amz-Invocation-Type": "Later" }),
      400,
      "InvalidParameterValueException",
      'X-Amz-Invocation-Type must be one of Event, RequestResponse, DryRun (got "Later")',
    );
    expectError(
      await rawRequest(server.endpoint, "POST", "/2015-03-31/functions/steps/invocations", "{}", { "X-Amz-Log-Type": "All" }),
      400,
      "InvalidParameterValueException",
      'X-Amz-Log-Type must be one of None, Tail (got "All")',
    );
    expectError(
      await rawRequest(server.endpoint, "POST", "/2015-03-31/functions/steps/invocations", "{}", { "X-Amz-Durable-Execution-Name": "a/b" }),
      400,
      "InvalidParameterValueException",
      /DurableExecutionName/,
    );
  });

  it("bodies over the limit are 413; the server keeps serving", async () => {
    const big = Buffer.alloc(1024 * 1024 + 10, 0x61);
    expectError(
      await rawRequest(server.endpoint, "POST", "/2025-12-01/durable-execution-callbacks/abc/succeed", big),
      413,
      "RequestTooLargeException",
      /exceeds the limit of 1048576 bytes/,
    );
    const event = Buffer.from(JSON.stringify("x".repeat(1024 * 1024)));
    expectError(
      await rawRequest(server.endpoint, "POST", "/2015-03-31/functions/steps/invocations", event, { "X-Amz-Invocation-Type": "Event" }),
      413,
      "RequestTooLargeException",
      /asynchronous invocation payload may have at most 1048576 bytes/,
    );
    const ok = await rawRequest(server.endpoint, "GET", `${EXECUTIONS}/${encoded()}`);
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ DurableExecutionArn: arn, Status: "SUCCEEDED" });
  });

  it("a 15 MB body sent with fetch (undici) from another process gets its 413, not a reset connection", async () => {
    // undici keeps writing the body while the server answers early: the server must read the rest of the
    // body before it closes the connection, or the client sees EPIPE instead of the 413. The client runs in
    // its own process (as any real client does), where the race shows every time.
    const script = `
      const reply = await fetch(process.argv[1], { method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ blob: "x".repeat(15 * 1024 * 1024) }) }).catch((error) => ({ status: "no reply: " + (error.cause?.code ?? error.message), headers: new Headers() }));
      console.log(JSON.stringify([reply.status, reply.headers.get("x-amzn-errortype")]));`;
    const url = `${server.endpoint}/2015-03-31/functions/steps/invocations`;
    for (let attempt = 0; attempt < 3; attempt++) {
      const { stdout } = await execFileAsync(process.execPath, ["--input-type=module", "-e", script, url], { timeout: 60_000 });
      expect(JSON.parse(stdout.trim())).toEqual([413, "RequestTooLargeException"]);
    }
    const ok = await rawRequest(server.endpoint, "GET", `${EXECUTIONS}/${encoded()}`);
    expect(ok.status).toBe(200);
  });

  it("garbage on the socket gets a 400 and does not take the server down; an unencoded ARN in the path still works", async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, "127.0.0.1", () => socket.write("THIS IS NOT HTTP\r\n\r\n"));
      let text = "";
      socket.on("data", (chunk) => (text += chunk.toString()));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect(reply).toContain("x-amzn-errortype: InvalidRequestContentException");
    expect(JSON.parse(reply.slice(reply.indexOf("\r\n\r\n") + 4))).toEqual({ Type: "User", message: expect.stringMatching(/^Malformed HTTP request: /) });
    const plain = await rawRequest(server.endpoint, "GET", `${EXECUTIONS}/${arn.replaceAll("$", "%24")}/history`);
    expect(plain.status).toBe(200);
    expect((plain.json?.Events as unknown[]).length).toBeGreaterThan(3);
    // Timestamps are epoch seconds on the wire.
    expect(typeof (plain.json?.Events as { EventTimestamp: unknown }[])[0].EventTimestamp).toBe("number");
    expect(internalErrors).toEqual([]);
  });

  it("an unexpected failure inside the service is a 500 ServiceException of Type Service, logged with its stack", async () => {
    const spy = vi.spyOn(server.service, "getExecution").mockImplementationOnce(() => {
      throw new Error("disk on fire");
    });
    try {
      const reply = await rawRequest(server.endpoint, "GET", `${EXECUTIONS}/${encoded()}`);
      expect(reply.status).toBe(500);
      expect(reply.headers["x-amzn-errortype"]).toBe("ServiceException");
      expect(reply.json).toEqual({ Type: "Service", message: "Internal error of the local durable service: disk on fire" });
      expect(internalErrors.splice(0)).toEqual([expect.stringMatching(/^local durable service: GET \S+ failed: Error: disk on fire\n\s+at /)]);
    } finally {
      spy.mockRestore();
    }
    expect((await rawRequest(server.endpoint, "GET", `${EXECUTIONS}/${encoded()}`)).status).toBe(200);
  });

  it("a client that hangs up in the middle of a body is no error; the server keeps serving", async () => {
    await new Promise<void>((resolve, reject) => {
      const socket = connect(server.port, "127.0.0.1", () => {
        socket.write(`POST ${EXECUTIONS}/${encoded()}/checkpoint HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"Checkpoint`);
        setTimeout(() => socket.destroy(), 20);
      });
      socket.on("close", () => resolve());
      socket.on("error", reject);
    });
    const ok = await rawRequest(server.endpoint, "GET", `${EXECUTIONS}/${encoded()}`);
    expect(ok.status).toBe(200);
    expect(internalErrors).toEqual([]);
  });
});
