/**
 * Colours for the CLI's text output: on when the stream is a terminal, off when `NO_COLOR` is set to
 * anything non-empty (https://no-color.org), forced on by `FORCE_COLOR` (not "0").
 */
import { ExecutionStatus, OperationStatus, UNSUCCESSFUL_OPERATION_STATUSES, WAITING_OPERATION_STATUSES } from "../generated/index.js";

export interface Style {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  /** The colour of an execution or operation status. */
  status(status: string): string;
}

export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true;
}

export function createStyle(enabled: boolean): Style {
  const wrap = (open: number, close: number) => (text: string) => (enabled && text !== "" ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  const style = {
    enabled,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
    status(status: string): string {
      if (status === OperationStatus.SUCCEEDED) return style.green(status);
      if (UNSUCCESSFUL_OPERATION_STATUSES.has(status)) return style.red(status);
      if (status === ExecutionStatus.RUNNING || WAITING_OPERATION_STATUSES.has(status)) return style.yellow(status);
      return status;
    },
  };
  return style;
}

/** The style for a stream of the CLI's io. */
export function styleFor(stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv): Style {
  return createStyle(colorEnabled(stream as { isTTY?: boolean }, env));
}
