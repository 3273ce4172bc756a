/** The Duration rule (schema/types.yaml `durationRule`): declared once, with the texts every Duration message uses. */
import type { DurationRule } from "../meta-schema";
import type { IrConfig, IrDurationLimit, IrDurationRule, IrExecution, IrInvocationCheck, IrOperation, IrServiceLimit } from "../ir";
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
  const rest = { unitSeconds: rule.unitSeconds, minSeconds: rule.minSeconds, maxSeconds: rule.maxSeconds, reason: rule.reason };
  return { ...rest, expected: durationExpected(rest, rule.maxSeconds), maxInDays: daysText(rule.unitSeconds, rule.maxSeconds), fix: `Use a Duration such as ${rule.example}.`, source };
}

/** A longest total in whole days, as the messages give it after the seconds (" (366 days)"), or "" when the rule has no days unit or it is not whole days. */
function daysText(unitSeconds: Record<string, number>, maxSeconds: number): string {
  const day = unitSeconds.days;
  const wholeDays = day !== undefined && maxSeconds % day === 0 ? maxSeconds / day : undefined;
  return wholeDays === undefined ? "" : ` (${wholeDays} ${wholeDays === 1 ? "day" : "days"})`;
}

/** What a valid Duration of a field whose longest total is `maxSeconds` is, as a noun phrase ("a Duration: …"); Infinity: no longest total. */
export function durationExpected(rule: Pick<IrDurationRule, "unitSeconds" | "minSeconds">, maxSeconds: number): string {
  const names = Object.keys(rule.unitSeconds);
  const list = `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
  const max = `${maxSeconds} seconds${daysText(rule.unitSeconds, maxSeconds)}`;
  const bounds = maxSeconds === Infinity ? (rule.minSeconds > 0 ? `at least ${rule.minSeconds} seconds` : "") : rule.minSeconds > 0 ? `from ${rule.minSeconds} to ${max}` : `at most ${max}`;
  return `a Duration: at least one of ${list}, each a number of 0 or more${bounds ? `, ${bounds} in total` : ""}`;
}

/**
 * A Duration field's `maxSeconds:` resolved against the service's limits: the `limits:` entry it names
 * (reported when there is no such entry), or `none`, no limit of its own (Infinity).
 */
export function durationLimitOf(maxSeconds: string, limits: readonly IrServiceLimit[], problem: ProblemReporter, source: string, path: string): IrDurationLimit | undefined {
  if (maxSeconds === "none") return { value: Infinity };
  const limit = limits.find((l) => l.name === maxSeconds);
  if (limit) return { limit: limit.name, value: limit.value };
  problem(source, path, `"${maxSeconds}" is not a limit (limits: names ${limits.map((l) => l.name).join(", ") || "none"}), nor none`);
  return undefined;
}
