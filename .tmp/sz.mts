import { build } from "esbuild";
import { handlerSource, OURS_SRC } from "/work/main/bench/size";
const dir = process.argv[2] ?? "/work/main";
const r = await build({ stdin: { contents: handlerSource(OURS_SRC.replace("/work/main", dir)), resolveDir: dir, loader: "ts" }, bundle: true, minify: true, format: "esm", platform: "node", external: ["@aws-sdk/*"], write: false, metafile: true });
const out = Object.values(r.metafile!.outputs)[0]!;
const rows = Object.entries(out.inputs).map(([f, v]) => [f, v.bytesInOutput] as const).sort((a, b) => b[1] - a[1]);
console.log(r.outputFiles![0]!.contents.byteLength);
for (const [f, b] of rows.slice(0, 40)) console.log(b, f);
