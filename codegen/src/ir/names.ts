/** Global name uniqueness: every generated declaration (and the hand-written execution config) has a name of its own. */
import type { IrConfig, IrEnum, IrError, IrExecution, IrType } from "../ir";
import type { BuildContext } from "./build-context";

/**
 * Declares a name (reports it when it is already declared, naming the first source). `path` and `what`
 * place and explain a name the generator derives (an event's `<EventType>Details`), which the schema does not spell out.
 */
export type Declare = (name: string, source: string, path?: string, what?: string) => void;

/** Declares the names of the earlier sections in order and returns `declare`, with which later sections (history records) declare theirs. */
export function declareNames({ problem }: BuildContext, enums: readonly IrEnum[], types: readonly IrType[], errors: readonly IrError[], sharedConfigs: readonly IrConfig[], configs: readonly IrConfig[], execution: IrExecution | undefined): Declare {
  // Global name uniqueness across declarations.
  const declared = new Map<string, string>();
  const declare: Declare = (name, source, path = "", what) => {
    const prev = declared.get(name);
    if (prev) problem(source, path, `"${name}"${what ? ` (${what})` : ""} is declared twice (also in ${prev})`);
    declared.set(name, source);
  };
  enums.forEach((e) => declare(e.name, e.source));
  types.forEach((t) => {
    declare(t.name, t.source);
    t.values?.forEach((v) => declare(v.constant, t.source));
  });
  // A second error of one name is reported where it is declared (buildErrors: "duplicate error"); the name is declared once.
  const errorNames = new Set<string>();
  errors.forEach((e) => {
    if (errorNames.has(e.name)) return;
    errorNames.add(e.name);
    declare(e.name, e.source);
  });
  [...sharedConfigs, ...configs].forEach((c) => declare(c.name, c.source));
  // The execution's config interface is written by hand: no generated declaration may take its name.
  if (execution) declare(execution.config.name, execution.source);
  return declare;
}
