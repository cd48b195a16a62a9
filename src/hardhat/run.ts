import { DataDividendsError } from "../protocol/errors.js";
import type { Io } from "./io.js";

/** Hardhat's task result: a failed one makes the CLI exit with code 1. */
export type CommandResult = { success: true; value: undefined } | { success: false; error: string };

/** A command failed for a reason the user can act on; its message is the whole story. */
export class UsageError extends Error {}

/**
 * Runs a command, turning any failure into one readable line on stderr and a failed result
 * (non-zero exit), with no stack trace for errors the user can act on.
 */
export async function runCommand(io: Io, command: () => Promise<void>): Promise<CommandResult> {
  try {
    await command();
    return { success: true, value: undefined };
  } catch (error) {
    const line = oneLine(error);
    io.err(`error: ${line}`);
    if (!(error instanceof DataDividendsError || error instanceof UsageError) && process.env.DD_DEBUG) {
      io.err(String((error as Error)?.stack ?? error));
    }
    return { success: false, error: line };
  }
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0].trim();
}
