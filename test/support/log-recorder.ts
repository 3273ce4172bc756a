/** A custom logger for property tests comparing what user code logs on both SDKs. */

/** A log call as user code's custom logger sees it: the level, the arguments and the SDK's log data at the call. */
export type LogLine = { level: string; args: unknown[]; data: unknown };

/** A custom logger (configureLogger's customLogger) that records each call, with the SDK's log data, into `lines`. */
export function recordingLogger(lines: LogLine[]) {
  let loggingContext: { getDurableLogData(): unknown } | undefined;
  const at = (level: string) => (...args: unknown[]) => lines.push({ level, args, data: loggingContext?.getDurableLogData() });
  return {
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    debug: at("debug"),
    configureDurableLoggingContext: (context: typeof loggingContext) => (loggingContext = context),
  };
}
