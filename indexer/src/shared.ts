/**
 * What the handlers (one file per contract) share. Ponder loads every file under src/ as indexing code; this
 * one registers no handler.
 */
export const ZERO_ID = `0x${"0".repeat(64)}`;
export const lower = (value: string) => value.toLowerCase() as `0x${string}`;
