/**
 * The operation table: one runtime handler per schema operation. Typed against the generated
 * OperationHandlerTable, so an operation added to the schema fails `tsc` until it has a handler here.
 */
import type { OperationHandlerTable } from "../../generated/index.js";
import type { InternalContext } from "../context/internal-context.js";
import { createCallbackHandler } from "./callback.js";
import { childContextHandler } from "./child-context.js";
import { invokeHandler } from "./invoke.js";
import { mapHandler, parallelHandler } from "./map-parallel.js";
import { allHandler, allSettledHandler, anyHandler, raceHandler } from "./promise-combinators.js";
import { stepHandler } from "./step.js";
import { waitForCallbackHandler } from "./wait-for-callback.js";
import { waitForConditionHandler } from "./wait-for-condition.js";
import { waitHandler } from "./wait.js";

export const operationHandlers = {
  step: stepHandler,
  wait: waitHandler,
  runInChildContext: childContextHandler,
  createCallback: createCallbackHandler,
  waitForCallback: waitForCallbackHandler,
  waitForCondition: waitForConditionHandler,
  invoke: invokeHandler,
  map: mapHandler,
  parallel: parallelHandler,
  all: allHandler,
  allSettled: allSettledHandler,
  any: anyHandler,
  race: raceHandler,
} satisfies OperationHandlerTable<InternalContext>;
