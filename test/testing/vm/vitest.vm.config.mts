import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";
export default defineConfig({ test: { include: ["test/testing/vm/*.vm-case.ts"], pool: "vmForks", root: fileURLToPath(new URL("../../..", import.meta.url)) } });
