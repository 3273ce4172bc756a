/**
 * ListFunctions, the one read-only Lambda operation the web UI needed beyond the durable-execution
 * ones: the real AWS SDK client reads the registered functions (with paging) from the local HTTP
 * service, and a server without UI files answers the UI's paths as unknown routes.
 */
import { ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalHttpServer } from "../../src/local/http/index.js";
import { lambdaClient } from "../local/http-support.js";

describe("ListFunctions on the local HTTP service", () => {
  let server: LocalHttpServer;
  beforeAll(async () => {
    server = await LocalHttpServer.start({ log: () => undefined });
    for (const name of ["alpha", "beta", "gamma"]) server.registerFunction(name, async () => ({ Status: "SUCCEEDED" }));
  });
  afterAll(() => server.close());

  it("lists the registered functions with their ARNs, page by page", async () => {
    const client = lambdaClient(server.endpoint);
    try {
      const all = await client.send(new ListFunctionsCommand({}));
      expect(all.Functions?.map((fn) => [fn.FunctionName, fn.FunctionArn, fn.Version])).toEqual([
        ["alpha", "arn:aws:lambda:us-east-1:123456789012:function:alpha", "$LATEST"],
        ["beta", "arn:aws:lambda:us-east-1:123456789012:function:beta", "$LATEST"],
        ["gamma", "arn:aws:lambda:us-east-1:123456789012:function:gamma", "$LATEST"],
      ]);
      expect(all.NextMarker).toBeUndefined();
      const first = await client.send(new ListFunctionsCommand({ MaxItems: 2 }));
      expect(first.Functions?.map((fn) => fn.FunctionName)).toEqual(["alpha", "beta"]);
      const rest = await client.send(new ListFunctionsCommand({ MaxItems: 2, Marker: first.NextMarker }));
      expect(rest.Functions?.map((fn) => fn.FunctionName)).toEqual(["gamma"]);
      await expect(client.send(new ListFunctionsCommand({ MaxItems: 51 }))).rejects.toMatchObject({ name: "InvalidParameterValueException" });
    } finally {
      client.destroy();
    }
  });

  it("without UI files, / and /ui/ are unknown routes", async () => {
    for (const path of ["/", "/ui/"]) {
      const response = await fetch(server.endpoint + path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get("x-amzn-errortype"), path).toBe("UnknownOperationException");
    }
  });
});
