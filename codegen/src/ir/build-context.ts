/**
 * The state every section of {@link buildIr} shares: the problems found so far (reported in the order the
 * sections run, which is part of the generator's behaviour) and the message builder. The lookup maps a
 * later section reads (enums by name, errors by name, shared configs by name…) are returned by the section
 * that builds them and passed on explicitly.
 */
import type { IrMessage } from "../ir";
import type { SchemaProblem } from "../load";

/** Reports a problem of the schema: the file, the path in it, and why. */
export type ProblemReporter = (file: string, path: string, reason: string) => void;

/** A message as the schema declares it (errors.yaml `messages:` and the like). */
export interface SchemaMessage {
  name: string;
  summary: string;
  template: string;
  fix?: string;
  params?: { name: string; type: string; summary: string; optional?: boolean; default?: string }[];
}

export interface BuildContext {
  /** Every problem reported so far, in order. */
  problems: SchemaProblem[];
  problem: ProblemReporter;
  /** A message template; every `${x}` placeholder must be a declared param and every param used. */
  irMessage: (m: SchemaMessage, file: string, path: string) => IrMessage;
}

export function createBuildContext(): BuildContext {
  const problems: SchemaProblem[] = [];
  const problem = (file: string, path: string, reason: string) => problems.push({ file, path, reason });
  /** A message template; every `${x}` placeholder must be a declared param and every param used. */
  const placeholders = (template: string) => new Set([...template.matchAll(/\$\{([A-Za-z_$][A-Za-z0-9_$]*)\}/g)].map((x) => x[1]!));
  const irMessage = (m: SchemaMessage, file: string, path: string): IrMessage => {
    const params = (m.params ?? []).map((p) => ({ ...p, optional: p.optional ?? false }));
    const used = placeholders(m.template);
    const usedByFix = m.fix === undefined ? new Set<string>() : placeholders(m.fix);
    for (const name of used) if (!params.some((p) => p.name === name)) problem(file, `${path}.template`, `placeholder \${${name}} is not one of the params`);
    for (const name of usedByFix) if (!params.some((p) => p.name === name)) problem(file, `${path}.fix`, `placeholder \${${name}} is not one of the params`);
    // The fix is written once: a message that shows it composes it (problemAndFix) instead of restating it.
    if (m.fix !== undefined && m.template.includes(m.fix)) problem(file, `${path}.template`, "the template restates the fix word for word: keep the problem in the template and compose the message with problemAndFix");
    for (const p of params) if (!used.has(p.name) && !usedByFix.has(p.name)) problem(file, `${path}.params`, `param "${p.name}" is not used in the template${m.fix === undefined ? "" : " or the fix"}`);
    // The message function takes the params its template uses, the fix those the fix uses.
    const base = { name: m.name, summary: m.summary, template: m.template, params: params.filter((p) => used.has(p.name)) };
    return m.fix === undefined ? base : { ...base, fix: m.fix, fixParams: params.filter((p) => usedByFix.has(p.name)) };
  };
  return { problems, problem, irMessage };
}
