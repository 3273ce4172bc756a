/**
 * The store's indexes of executions: by ARN, by internal key, by caller-chosen name (per function)
 * and by function. Records are added once, never move between indexes, and are removed (from all of
 * them) when their retention ends.
 */
import type { ExecutionRecord } from "./execution-record.js";
import { ResourceNotFoundException, SERVICE_MESSAGES } from "./errors.js";

/** Key of a caller-named execution: names are unique per function. */
function nameKey(functionName: string, executionName: string): string {
  return `${functionName}\u0000${executionName}`;
}

export class ExecutionIndex {
  private readonly byArn = new Map<string, ExecutionRecord>();
  private readonly byKey = new Map<string, ExecutionRecord>();
  private readonly byFunction = new Map<string, ExecutionRecord[]>();
  private readonly byName = new Map<string, ExecutionRecord>();

  get size(): number {
    return this.byArn.size;
  }

  add(record: ExecutionRecord): void {
    this.byArn.set(record.arn, record);
    this.byKey.set(record.key, record);
    if (record.namedByCaller) this.byName.set(nameKey(record.functionName, record.name), record);
    let list = this.byFunction.get(record.functionName);
    if (!list) this.byFunction.set(record.functionName, (list = []));
    list.push(record);
  }

  /** Removes the record from every index (its retention ended). */
  remove(record: ExecutionRecord): void {
    if (this.byArn.get(record.arn) !== record) return;
    this.byArn.delete(record.arn);
    this.byKey.delete(record.key);
    const name = nameKey(record.functionName, record.name);
    if (this.byName.get(name) === record) this.byName.delete(name);
    const list = this.byFunction.get(record.functionName);
    const at = list ? list.indexOf(record) : -1;
    if (at >= 0) list!.splice(at, 1);
    if (list && list.length === 0) this.byFunction.delete(record.functionName);
  }

  /** Entries of each index (how much the store holds). */
  sizes(): { byArn: number; byKey: number; byName: number; byFunction: number } {
    let byFunction = 0;
    for (const list of this.byFunction.values()) byFunction += list.length;
    return { byArn: this.byArn.size, byKey: this.byKey.size, byName: this.byName.size, byFunction };
  }

  /** The execution with this ARN; throws ResourceNotFoundException. */
  get(arn: unknown): ExecutionRecord {
    const record = typeof arn === "string" ? this.byArn.get(arn) : undefined;
    if (!record) throw new ResourceNotFoundException(SERVICE_MESSAGES.ResourceNotFoundException.executionNotFound(String(arn)));
    return record;
  }

  find(arn: string): ExecutionRecord | undefined {
    return this.byArn.get(arn);
  }

  findByKey(key: string): ExecutionRecord | undefined {
    return this.byKey.get(key);
  }

  findByName(functionName: string, executionName: string): ExecutionRecord | undefined {
    return this.byName.get(nameKey(functionName, executionName));
  }

  ofFunction(functionName: string): readonly ExecutionRecord[] {
    return this.byFunction.get(functionName) ?? [];
  }

  all(): IterableIterator<ExecutionRecord> {
    return this.byArn.values();
  }
}
