const port = process.argv[2];
const t = Date.now();
try {
  const r = await fetch(`http://127.0.0.1:${port}/2015-03-31/functions/quick/invocations`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ blob: "x".repeat(15 * 1024 * 1024) }), signal: AbortSignal.timeout(15000) });
  console.log(r.status, r.headers.get("x-amzn-errortype"), await r.text(), Date.now() - t);
} catch (e) { console.log("ERR", e.name, e.message, e.cause?.code, e.cause?.message, Date.now() - t); }
