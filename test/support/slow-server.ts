/**
 * A local HTTP server in a child process, for tests of slow real I/O (the stall watch): it answers
 * `GET /?ms=N` with `slow N` after N ms of real time. Its timers run in the child, so they are not
 * the test process's.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { get } from "node:http";

const SERVER_SOURCE = [
  "require('node:http').createServer((req, res) => {",
  "  const ms = Number(new URL(req.url, 'http://x').searchParams.get('ms'));",
  "  setTimeout(() => res.end('slow ' + ms), ms);",
  "}).listen(0, '127.0.0.1', function () { console.log(this.address().port); });",
].join("\n");

export interface SlowServer {
  /** `http://127.0.0.1:<port>/`: add `?ms=N`. */
  url: string;
  /** Ends the child process. */
  stop(): Promise<void>;
}

/** Starts the server and waits until it listens. */
export async function startSlowServer(): Promise<SlowServer> {
  const child = spawn(process.execPath, ["-e", SERVER_SOURCE], { stdio: ["ignore", "pipe", "inherit"] });
  const [port] = (await once(child.stdout!, "data")) as [Buffer];
  return {
    url: `http://127.0.0.1:${port.toString().trim()}/`,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill();
      await exited;
    },
  };
}

/** GETs `url` with node:http and no agent (its own socket, no timer of its own), resolving with the body's text. */
export function httpGetText(url: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk)).on("end", () => resolve(body));
    }).on("error", reject);
  });
}
