// Preloaded by worker threads that run isolated TypeScript handlers on the local service: tsx hooks
// only the main thread on Node 20, so each worker registers it before importing the TypeScript handler.
import { register } from "tsx/esm/api";

register();
