/**
 * Test bodies written against the reference testing package's documented usage (its README: quick
 * start, mocking, function registration, TestResult API, operation lookups, callbacks, reset),
 * parameterized by the runner module and the SDK, so the very same bodies run against the
 * reference `LocalDurableTestRunner` and against ours.
 */
import { expect } from "vitest";

/** What a test imports from a testing package. */
export interface RunnerModule {
  LocalDurableTestRunner: any;
  WaitingOperationStatus: { STARTED: string; SUBMITTED: string; COMPLETED: string };
  OperationStatus: Record<string, string>;
  ExecutionStatus: Record<string, string>;
}

/** What a handler imports from an SDK. */
export interface SdkModule {
  withDurableExecution: (handler: any) => any;
}

export interface CompatCase {
  name: string;
  run: () => Promise<void>;
}

/** A hand-written spy (the bodies must not depend on one test framework's mocks). */
function recorder<A extends unknown[], R>(impl: (...args: A) => R): ((...args: A) => R) & { calls: A[] } {
  const calls: A[] = [];
  return Object.assign((...args: A) => {
    calls.push(args);
    return impl(...args);
  }, { calls });
}

export function compatCases(testing: RunnerModule, sdk: SdkModule): CompatCase[] {
  const { LocalDurableTestRunner, WaitingOperationStatus, OperationStatus, ExecutionStatus } = testing;
  const { withDurableExecution } = sdk;

  return [
    {
      name: "quick start: two steps around a 5-second wait",
      run: async () => {
        const handler = withDurableExecution(async (event: { userId: string }, context: any) => {
          const user = await context.step("fetch-user", async () => ({ id: event.userId, name: "Ada" }));
          await context.wait({ seconds: 5 });
          return context.step("process-user", async () => ({ ...user, processed: true }));
        });
        const runner = new LocalDurableTestRunner({ handlerFunction: handler });
        const execution = await runner.run({ payload: { userId: "123" } });

        expect(execution.getStatus()).toBe("SUCCEEDED");
        expect(execution.getResult()).toEqual({ id: "123", name: "Ada", processed: true });
        expect(execution.getOperations()).toHaveLength(3);

        const fetchStep = runner.getOperation("fetch-user");
        await fetchStep.waitForData(WaitingOperationStatus.COMPLETED);
        expect(fetchStep.getStepDetails()?.result).toEqual({ id: "123", name: "Ada" });
        expect(fetchStep.getStepDetails()?.error).toBeUndefined();

        const waitOp = runner.getOperationByIndex(1);
        expect(waitOp.getType()).toBe("WAIT");
        expect(waitOp.getWaitDetails()?.waitSeconds).toBe(5);
        expect(waitOp.getWaitDetails()?.scheduledEndTimestamp).toBeInstanceOf(Date);

        const processStep = runner.getOperation("process-user");
        await processStep.waitForData(WaitingOperationStatus.COMPLETED);
        expect(processStep.getStepDetails()?.result).toEqual({ id: "123", name: "Ada", processed: true });
      },
    },
    {
      name: "mocking: dependencies called from steps, results checked on the operations",
      run: async () => {
        const userData = { id: "123", name: "John Doe" };
        const fetchUser = recorder(async (id: string) => ({ ...userData, id }));
        const processUser = recorder(async (user: typeof userData) => ({ id: user.id, processed: true }));
        const handler = withDurableExecution(async (event: { userId: string }, context: any) => {
          const user = await context.step("fetch-user", async () => fetchUser(event.userId));
          return context.step("process-user", async () => processUser(user));
        });
        const runner = new LocalDurableTestRunner({ handlerFunction: handler });
        const execution = await runner.run({ payload: { userId: "123" } });

        expect(execution.getStatus()).toBe(ExecutionStatus.SUCCEEDED);
        expect(execution.getResult()).toEqual({ id: "123", processed: true });
        expect(fetchUser.calls).toEqual([["123"]]);
        expect(processUser.calls).toEqual([[userData]]);
        expect(runner.getOperation("fetch-user").getStepDetails()?.result).toEqual(userData);
      },
    },
    {
      name: "function registration: durable and plain targets of context.invoke, chained registration",
      run: async () => {
        const workflowA = withDurableExecution(async (input: { n: number }, context: any) => {
          const doubled = await context.step("double", async () => input.n * 2);
          return { doubled };
        });
        const handler = withDurableExecution(async (_event: unknown, context: any) => {
          const a = await context.invoke("call-a", "workflow-a:$LATEST", { n: 21 });
          const util = await context.invoke("call-util", "utility-function", { text: "hi" });
          return { a, util };
        });
        const runner = new LocalDurableTestRunner({ handlerFunction: handler });
        const chained = runner
          .registerDurableFunction("workflow-a:$LATEST", workflowA)
          .registerFunction("utility-function", async (event: { text: string }) => ({ status: 200, echo: event.text.toUpperCase() }));
        expect(chained).toBe(runner);

        const execution = await runner.run();
        expect(execution.getStatus()).toBe("SUCCEEDED");
        expect(execution.getResult()).toEqual({ a: { doubled: 42 }, util: { status: 200, echo: "HI" } });
        expect(runner.getOperation("call-a").getChainedInvokeDetails()?.result).toEqual({ doubled: 42 });
        expect(runner.getOperation("call-util").getType()).toBe("CHAINED_INVOKE");
        expect(runner.getOperation("call-util").getStatus()).toBe(OperationStatus.SUCCEEDED);
      },
    },
    {
      name: "test result API: a failed execution, its error, invocations and history",
      run: async () => {
        const handler = withDurableExecution(async (_event: unknown, context: any) => {
          await context.step("ok", async () => "fine");
          await context.step("boom", async () => {
            throw new Error("card declined");
          }, { retryStrategy: () => ({ shouldRetry: false }) });
          return "unreachable";
        });
        const runner = new LocalDurableTestRunner({ handlerFunction: handler });
        const execution = await runner.run();

        expect(execution.getStatus()).toBe("FAILED");
        expect(() => execution.getResult()).toThrow("card declined");
        expect(execution.getError().errorMessage).toBe("card declined");
        expect(execution.getOperations({ status: "SUCCEEDED" }).map((op: any) => op.getName())).toEqual(["ok"]);
        expect(execution.getOperations({ status: "FAILED" }).map((op: any) => op.getName())).toEqual(["boom"]);
        expect(execution.getOperations({ status: "FAILED" })[0].getStepDetails()?.error?.errorMessage).toBe("card declined");
        expect(execution.getInvocations().length).toBeGreaterThanOrEqual(1);
        expect(execution.getInvocations()[0].requestId).toEqual(expect.any(String));
        const types = execution.getHistoryEvents().map((event: any) => event.EventType);
        expect(types[0]).toBe("ExecutionStarted");
        expect(types.at(-1)).toBe("ExecutionFailed");
        expect(types).toContain("StepFailed");
        expect(() => {
          const succeeded = execution.getOperations({ status: "SUCCEEDED" })[0];
          succeeded.getWaitDetails();
        }).toThrow();
      },
    },
    {
      name: "operation lookups: by name, index, name and index, id; identity getters",
      run: async () => {
        const handler = withDurableExecution(async (_event: unknown, context: any) => {
          await context.step("my-step", async () => "first");
          await context.step("other", async () => "middle");
          await context.step("my-step", async () => "second");
          return "done";
        });
        const runner = new LocalDurableTestRunner({ handlerFunction: handler });
        const byName = runner.getOperation("my-step");
        const second = runner.getOperationByNameAndIndex("my-step", 1);
        const first = runner.getOperationByIndex(0);
        await runner.run();

        expect(byName.getStepDetails()?.result).toBe("first");
        expect(second.getStepDetails()?.result).toBe("second");
        expect(runner.getOperation("my-step", 1).getStepDetails()?.result).toBe("second");
        expect(first.getName()).toBe("my-step");
        const id = second.getId();
        expect(id).toEqual(expect.any(String));
        const byId = runner.getOperationById(id);
        expect(byId.getName()).toBe("my-step");
        expect(byId.getStepDetails()?.result).toBe("second");
        expect(byName.getStatus()).toBe("SUCCEEDED");
        expect(byName.getType()).toBe("STEP");
        expect(byName.getSubType()).toBe("Step");
        expect(byName.getParentId()).toBeUndefined();
        expect(byName.getStartTimestamp()).toBeInstanceOf(Date);
        expect(byName.getEndTimestamp()).toBeInstanceOf(Date);
        expect(byName.isCallback()).toBe(false);
        expect(byName.isWaitForCallback()).toBe(false);
        expect(byName.getOperationData()?.Id).toBe(byName.getId());
        expect(byName.getEvents()?.map((event: any) => event.EventType)).toContain("StepSucceeded");
      },
    },
    {
      name: "callbacks: waitForCallback completed by the test after SUBMITTED",
      run: async () => {
        const submitted: string[] = [];
        const handler = withDurableExecution(async (event: { orderId: string }, context: any) => {
          const answer = await context.waitForCallback(
            "approval",
            async (callbackId: string) => {
              submitted.push(callbackId);
            },
            { timeout: { hours: 1 } },
          );
          return { orderId: event.orderId, answer: JSON.parse(answer) };
        });
        const runner = new LocalDurableTestRunner({ handlerFunction: handler });
        const executionPromise = runner.run({ payload: { orderId: "o-1" } });
        const callback = runner.getOperation("approval");
        await callback.waitForData(WaitingOperationStatus.SUBMITTED);
        expect(callback.isWaitForCallback()).toBe(true);
        expect(callback.getCallbackDetails()?.callbackId).toBe(submitted[0]);
        await callback.sendCallbackSuccess(JSON.stringify({ approved: true }));
        const execution = await executionPromise;

        expect(execution.getStatus()).toBe("SUCCEEDED");
        expect(execution.getResult()).toEqual({ orderId: "o-1", answer: { approved: true } });
        expect(callback.getStatus()).toBe("SUCCEEDED");
        const children = callback.getChildOperations() ?? [];
        expect(children.map((child: any) => child.getType()).sort()).toEqual(["CALLBACK", "STEP"]);
        expect(callback.getCallbackDetails()?.result).toEqual({ approved: true });
      },
    },
    {
      name: "callbacks: a created callback failed by the test (heartbeat first)",
      run: async () => {
        const handler = withDurableExecution(async (_event: unknown, context: any) => {
          const [result] = await context.createCallback("payment-callback", { timeout: { hours: 2 }, heartbeatTimeout: { hours: 1 } });
          try {
            return { paid: await result };
          } catch (error) {
            return { paid: false, reason: (error as Error).message };
          }
        });
        const runner = new LocalDurableTestRunner({ handlerFunction: handler });
        const executionPromise = runner.run();
        const callback = runner.getOperation("payment-callback");
        await callback.waitForData(WaitingOperationStatus.STARTED);
        expect(callback.isCallback()).toBe(true);
        expect(callback.getStatus()).toBe("STARTED");
        await callback.sendCallbackHeartbeat();
        await callback.sendCallbackFailure({ ErrorType: "PaymentDeclined", ErrorMessage: "insufficient funds" });
        const execution = await executionPromise;

        expect(execution.getStatus()).toBe("SUCCEEDED");
        expect(execution.getResult()).toEqual({ paid: false, reason: "insufficient funds" });
        expect(callback.getStatus()).toBe("FAILED");
        expect(callback.getCallbackDetails()?.error?.errorType).toBe("PaymentDeclined");
        expect(callback.getCallbackDetails()?.error?.errorMessage).toBe("insufficient funds");
      },
    },
    {
      name: "reset: one runner reused for two runs",
      run: async () => {
        const handler = withDurableExecution(async (event: { n: number }, context: any) => {
          const result = await context.step("square", async () => event.n * event.n);
          return result;
        });
        const runner = new LocalDurableTestRunner({ handlerFunction: handler });
        const first = await runner.run({ payload: { n: 3 } });
        expect(first.getResult()).toBe(9);
        expect(runner.getOperation("square").getStepDetails()?.result).toBe(9);

        runner.reset();
        const square = runner.getOperation("square");
        expect(square.getOperationData()).toBeUndefined();
        const second = await runner.run({ payload: { n: 4 } });
        expect(second.getResult()).toBe(16);
        expect(square.getStepDetails()?.result).toBe(16);
      },
    },
    {
      name: "retries: a step that fails twice, then succeeds",
      run: async () => {
        let attempts = 0;
        const handler = withDurableExecution(async (_event: unknown, context: any) => {
          return context.step(
            "flaky",
            async () => {
              attempts++;
              if (attempts < 3) throw new Error(`attempt ${attempts} failed`);
              return "third time lucky";
            },
            { retryStrategy: (_error: Error, attempt: number) => ({ shouldRetry: attempt < 5, delay: { seconds: 2 } }) },
          );
        });
        const runner = new LocalDurableTestRunner({ handlerFunction: handler });
        const execution = await runner.run();

        expect(execution.getStatus()).toBe("SUCCEEDED");
        expect(execution.getResult()).toBe("third time lucky");
        const flaky = runner.getOperation("flaky");
        expect(flaky.getStatus()).toBe("SUCCEEDED");
        expect(flaky.getStepDetails()?.result).toBe("third time lucky");
        const failures = (flaky.getEvents() ?? []).filter((event: any) => event.EventType === "StepFailed");
        expect(failures).toHaveLength(2);
        expect(failures[0].StepFailedDetails.Error.Payload.ErrorMessage).toBe("attempt 1 failed");
      },
    },
  ];
}
