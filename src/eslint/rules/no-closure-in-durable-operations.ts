/**
 * `no-closure-in-durable-operations`: a step's function (and a child context's, once the child
 * completed) does not run again on replay — its checkpointed result is returned instead. A variable
 * of the enclosing code that the function assigns or mutates keeps its initial value on replay, so
 * the handler sees different state than on the first run. Return the value instead.
 */
import type { Rule, Scope } from "eslint";
import { analyze, propertyName, type AstNode } from "../analysis";

/** Methods that change the collection they are called on. */
const MUTATORS = new Set(["push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin", "set", "add", "delete", "clear"]);

export const noClosureInDurableOperations: Rule.RuleModule = {
  meta: {
    type: "problem",
    docs: {
      description: "Disallow assigning or mutating variables of the enclosing code inside the function of a durable operation",
      recommended: true,
      url: "https://github.com/durable-execution-sdk/durable-execution-sdk/blob/main/docs/guide/eslint.md#no-closure-in-durable-operations",
    },
    messages: {
      assigned:
        'Variable "{{name}}" of the enclosing code is assigned inside the function of `{{operation}}`. On replay the function does not run (its checkpointed result is returned), so "{{name}}" keeps its old value. Return the value from the function and assign its result instead.',
      mutated:
        'Variable "{{name}}" of the enclosing code is changed ({{how}}) inside the function of `{{operation}}`. On replay the function does not run (its checkpointed result is returned), so the change is lost. Return the value from the function and use its result instead.',
    },
    schema: [],
  },
  create(context) {
    return {
      "Program:exit"() {
        const analysis = analyze(context);
        const scopeManager = analysis.sourceCode.scopeManager;
        for (const call of analysis.calls) {
          for (const { fn } of call.bodies) {
            const scope = scopeManager.acquire(fn as never, true);
            if (!scope) continue;
            const operation = `${call.context.type === "Identifier" ? call.context.name : "context"}.${call.display}`;
            const seen = new Set<AstNode>();
            for (const reference of scope.through as Scope.Reference[]) {
              const variable = reference.resolved;
              // Undeclared globals and the function's own name (a named function expression) are not state.
              if (!variable || variable.defs.length === 0 || variable.defs.some((d) => d.node === fn)) continue;
              // Justified cast: the scope manager's Identifier is the same ESTree node as AstNode (see analysis.ts).
              const identifier = reference.identifier as unknown as AstNode;
              if (seen.has(identifier)) continue;
              seen.add(identifier);
              if (reference.isWrite()) {
                context.report({ node: identifier as never, messageId: "assigned", data: { name: identifier.name, operation } });
                continue;
              }
              const how = mutation(identifier);
              if (how) context.report({ node: identifier as never, messageId: "mutated", data: { name: identifier.name, operation, how } });
            }
          }
        }

        /** How a read of an outer variable changes it: `x.a = ...`, `x.a++`, `x.push(...)`; undefined when it does not. */
        function mutation(identifier: AstNode): string | undefined {
          let top = identifier;
          let parent = analysis.parentOf.get(top);
          if (parent?.type !== "MemberExpression" || parent.object !== top) return undefined;
          // Climb the member chain: x.a.b
          while (parent?.type === "MemberExpression" && parent.object === top) {
            top = parent;
            parent = analysis.parentOf.get(top);
          }
          if (parent?.type === "AssignmentExpression" && parent.left === top) return "property assignment";
          if (parent?.type === "UpdateExpression" && parent.argument === top) return `property ${parent.operator}`;
          if (parent?.type === "UnaryExpression" && parent.operator === "delete" && parent.argument === top) return "delete";
          if (parent?.type === "CallExpression" && parent.callee === top) {
            const method = propertyName(top);
            if (method && MUTATORS.has(method) && top.object === identifier) return `.${method}()`;
          }
          return undefined;
        }
      },
    };
  },
};
