import { build } from "esbuild";
import { handlerSource } from "/work/main/bench/size.ts";
const r = await build({ stdin: { contents: handlerSource("/work/main/src/index.ts"), resolveDir: "/work/main", loader: "ts", sourcefile: "h.ts" }, bundle: true, minify: true, format: "esm", platform: "node", target: "node20", external: ["@aws-sdk/*"], write: false, metafile: true, logLevel: "silent" });
const out = Object.values(r.metafile!.outputs)[0]!;
const rows = Object.entries(out.inputs).map(([f, v]) => [f.replace(/^.*?src\//, ""), v.bytesInOutput] as const).sort((a, b) => b[1] - a[1]);
for (const [f, b] of rows.slice(0, Number(process.argv[2] ?? 40))) console.log(String(b).padStart(7), f);
console.log("total", r.outputFiles![0]!.contents.byteLength);
