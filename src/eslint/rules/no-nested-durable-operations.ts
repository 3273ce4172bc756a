/**
 * `no-nested-durable-operations`: a step body cannot run durable operations (a step is one
 * checkpointed unit; its context has no operations), and a child context's body must run its
 * operations on its own context, not on the outer one (the outer context's ids and checkpoints belong
 * to the parent, so using it from a child body interleaves them with the parent's and breaks replay).
 */
import type { Rule } from "eslint";
import { analyze, textOf, type AstNode } from "../analysis";

export const noNestedDurableOperations: Rule.RuleModule = {
  meta: {
    type: "problem",
    hasSuggestions: true,
    docs: {
      description: "Disallow durable operations inside a step, and the outer context inside a child context's function",
      recommended: true,
      url: "https://github.com/durable-execution-sdk/durable-execution-sdk/blob/main/docs/guide/eslint.md#no-nested-durable-operations",
    },
    messages: {
      insideStep:
        "`{{call}}` runs inside the function of `{{owner}}`, a step: a step cannot run durable operations. Group operations with `runInChildContext(async (child) => ...)` and call them on `child`.",
      outerContext:
        "`{{call}}` uses `{{context}}`, the context outside this {{owner}} function. Use the function's own context{{childHint}}: operations on the outer context from inside it are checkpointed out of order on replay.",
      useChildContext: "Use `{{child}}` (this function's own context)",
    },
    schema: [],
  },
  create(context) {
    return {
      "Program:exit"() {
        const analysis = analyze(context);
        const sourceCode = analysis.sourceCode;
        for (const call of analysis.calls) {
          const callText = `${textOf(sourceCode, call.context)}.${call.display}(...)`;
          for (const fn of analysis.enclosingFunctions(call.node)) {
            const entry = analysis.functions.get(fn);
            if (!entry?.role) continue;
            if (entry.role === "root") break;
            const owner = entry.owner!;
            if (entry.role === "step-body") {
              context.report({
                node: call.node as never,
                messageId: "insideStep",
                data: { call: callText, owner: `${textOf(sourceCode, owner.context)}.${owner.display}` },
              });
              break;
            }
            // A child body: fine on its own context (or any context declared inside it).
            const target = call.context.type === "Identifier" ? analysis.resolve(call.context) : undefined;
            const declaredInside = target?.defs.some((d) => {
              const at = (d.name as AstNode).range;
              return !!at && !!fn.range && at[0] >= fn.range[0] && at[1] <= fn.range[1];
            });
            if (declaredInside || !target) break;
            const sameAsOwner = owner.context.type === "Identifier" && analysis.resolve(owner.context) === target;
            if (!sameAsOwner && !analysis.isContext(call.context)) break;
            const child = entry.contextParam;
            context.report({
              node: call.context as never,
              messageId: "outerContext",
              data: {
                call: callText,
                context: call.context.name,
                owner: `${textOf(sourceCode, owner.context)}.${owner.display}`,
                childHint: child ? ` \`${child.name}\`` : " (its first parameter)",
              },
              suggest: child
                ? [{ messageId: "useChildContext", data: { child: child.name }, fix: (fixer) => fixer.replaceText(call.context as never, child.name) }]
                : [],
            });
            break;
          }
        }
      },
    };
  },
};
