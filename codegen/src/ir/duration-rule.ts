/** The Duration rule (schema/types.yaml `durationRule`): declared once, with the texts every Duration message uses. */
import type { DurationRule } from "../meta-schema";
import type { IrConfig, IrDurationRule, IrExecution, IrInvocationCheck, IrOperation } from "../ir";
import type { LoadedSchema } from "../load";
import type { BuildContext, ProblemReporter } from "./build-context";

export function buildDurationRule(schema: LoadedSchema, { problem }: BuildContext): IrDurationRule | undefined {
  // The Duration rule: declared once, in one types file.
  const ruleFiles = schema.types.filter((f) => f.data.durationRule);
  if (ruleFiles.length > 1) problem(ruleFiles[1]!.source, "durationRule", `declared again (first in ${ruleFiles[0]!.source})`);
  return ruleFiles[0] && durationRuleOf(ruleFiles[0].data.durationRule!, ruleFiles[0].source, problem);
}

/**
 * A schema whose config fields, method params or withDurableExecution checks check Durations declares the
 * rule (checked after the first report); without it their expected texts and fixes would quietly be the generic ones.
 */
export function checkDurationRuleDeclared(schema: LoadedSchema, { problem }: BuildContext, durationRule: IrDurationRule | undefined, configs: readonly IrConfig[], sharedConfigs: readonly IrConfig[], operations: readonly IrOperation[], execution: IrExecution | undefined): void {
  const isDuration = (check: IrInvocationCheck["check"]) => check.kind === "simple" && check.name === "duration";
  const executionChecks = execution
    ? [execution.handler.check, ...execution.config.fields.flatMap((f) => [f.rule, f.items].flatMap((r) => (r ? [r.check] : []))), ...execution.config.invocationChecks.map((c) => c.check)]
    : [];
  const checks = [...configs, ...sharedConfigs].flatMap((c) => c.fields.map((f): IrInvocationCheck["check"] => f.check)).concat(operations.flatMap((o) => o.args.map((a) => a.check)), executionChecks);
  if (!durationRule && checks.some(isDuration))
    problem(schema.types[0]?.source ?? "types.yaml", "durationRule", "the schema checks Durations but declares no durationRule (units, minSeconds, maxSeconds)");
}

/** The Duration rule with its texts; the units must be given largest first and be the Duration type's. */
function durationRuleOf(rule: DurationRule, source: string, problem: ProblemReporter): IrDurationRule {
  const units = Object.entries(rule.unitSeconds);
  units.forEach(([unit, seconds], i) => {
    if (i > 0 && seconds >= units[i - 1]![1]) problem(source, `durationRule.unitSeconds.${unit}`, "list the units largest first");
  });
  if (rule.minSeconds > rule.maxSeconds) problem(source, "durationRule.minSeconds", "is greater than maxSeconds");
  const names = units.map(([unit]) => unit);
  const list = `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
  const day = rule.unitSeconds.days;
  const wholeDays = day !== undefined && rule.maxSeconds % day === 0 ? rule.maxSeconds / day : undefined;
  const days = wholeDays === undefined ? "" : ` (${wholeDays} ${wholeDays === 1 ? "day" : "days"})`;
  const bounds = rule.minSeconds > 0 ? `from ${rule.minSeconds} to ${rule.maxSeconds} seconds${days}` : `at most ${rule.maxSeconds} seconds${days}`;
  return {
    unitSeconds: rule.unitSeconds,
    minSeconds: rule.minSeconds,
    maxSeconds: rule.maxSeconds,
    reason: rule.reason,
    expected: `a Duration: at least one of ${list}, each a number of 0 or more, ${bounds} in total`,
    maxInDays: days,
    fix: `Use a Duration such as ${rule.example}.`,
    source,
  };
}
