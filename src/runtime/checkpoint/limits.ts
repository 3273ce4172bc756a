/**
 * The durable-functions service's limit on one checkpointed payload: 256 KiB (262 144 bytes). A child
 * context whose result is larger stores its children instead (ReplayChildren), and the file-system
 * serdes writes larger values to a file.
 */
export const CHECKPOINT_PAYLOAD_LIMIT_BYTES = 262_144;
