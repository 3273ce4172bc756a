import { build } from "esbuild";
import { handlerSource } from "/work/main/bench/size.ts";
const r = await build({ stdin: { contents: handlerSource("/work/main/src/index.ts"), resolveDir: "/work/main", loader: "ts", sourcefile: "h.ts" }, bundle: true, minify: true, format: "esm", platform: "node", target: "node20", external: ["@aws-sdk/*"], write: false, logLevel: "silent" });
process.stdout.write(r.outputFiles[0].text);
