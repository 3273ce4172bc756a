/** Child process of the benchmark: `measure.ts <workload key> <ours|reference>` prints the measurements as JSON. */
import { measureInProcess } from "./harness.js";
import { WORKLOADS } from "./workloads.js";

const [key, sdk] = process.argv.slice(2);
const workload = key ? WORKLOADS[key] : undefined;
if (!workload || (sdk !== "ours" && sdk !== "reference")) {
  console.error(`usage: measure.ts <${Object.keys(WORKLOADS).join("|")}> <ours|reference>`);
  process.exit(2);
}
const measurements = await measureInProcess(sdk, workload);
console.log(JSON.stringify(measurements));
