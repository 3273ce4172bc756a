/**
 * The progress line `durable run` keeps on stderr while the execution runs — only when stderr is a
 * terminal (so logs, pipes and CI output stay clean). It is redrawn in place as history events
 * arrive (at most every 100 ms) and once a second for the elapsed time, and erased at the end.
 */
import { EventType } from "../../generated/index.js";
import type { HistoryEvent } from "../../local/index.js";
import { formatDuration } from "./render.js";

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

const REDRAW_MS = 100;
const CLEAR_LINE = "\r\u001b[2K";

export class ProgressLine {
  private operations = new Set<string>();
  private invocations = 0;
  private lastEvent = "";
  private lastDraw = 0;
  private readonly ticker: ReturnType<typeof setInterval>;
  private readonly startedAt = Date.now();
  private drawn = false;

  /** Use `ProgressLine.forStream`: it returns undefined when the stream is not a terminal. */
  private constructor(
    private readonly stream: ProgressStream,
    private readonly clockNow: () => number,
    private readonly clockStart: number,
    private readonly now: () => number,
  ) {
    this.ticker = setInterval(() => this.draw(), 1000);
    this.ticker.unref?.();
  }

  static forStream(stream: ProgressStream, clockNow: () => number, now: () => number = Date.now): ProgressLine | undefined {
    return stream.isTTY ? new ProgressLine(stream, clockNow, clockNow(), now) : undefined;
  }

  /** Takes one history event of the execution; redraws unless it drew very recently. */
  onEvent(event: HistoryEvent): void {
    if (event.Id !== undefined) this.operations.add(event.Id);
    if (event.EventType === EventType.InvocationCompleted) this.invocations++;
    this.lastEvent = event.EventType;
    if (this.now() - this.lastDraw >= REDRAW_MS) this.draw();
  }

  /** The line as it would be drawn now. */
  text(): string {
    const serviceTime = formatDuration(Math.max(0, this.clockNow() - this.clockStart));
    const real = formatDuration(Math.max(0, this.now() - this.startedAt));
    const parts = [
      `running: ${this.operations.size} operation${this.operations.size === 1 ? "" : "s"}`,
      `${this.invocations} invocation${this.invocations === 1 ? "" : "s"} done`,
      `execution time +${serviceTime} (real ${real})`,
    ];
    if (this.lastEvent) parts.push(`last: ${this.lastEvent}`);
    return `⏳ ${parts.join(" · ")}`;
  }

  private draw(): void {
    this.lastDraw = this.now();
    this.drawn = true;
    this.stream.write(`${CLEAR_LINE}${this.text()}`);
  }

  /** Stops the timer and erases the line. */
  stop(): void {
    clearInterval(this.ticker);
    if (this.drawn) this.stream.write(CLEAR_LINE);
  }
}
