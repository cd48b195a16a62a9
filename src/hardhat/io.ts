import { formatUnits } from "ethers";

/** Where commands print: results to `out`, progress and errors to `err`. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Whether `err` is a terminal (progress is drawn only there). */
  interactive: boolean;
}

/** The process's own streams. */
export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  interactive: process.stderr.isTTY === true,
};

/** An Io that keeps what it is given (for tests and for embedding). */
export function memoryIo(): Io & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), interactive: false };
}

/** A plain-text table: columns padded, numbers right-aligned. */
export function table(headers: string[], rows: (string | number | bigint)[][]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const numeric = headers.map((_, i) => cells.length > 0 && cells.every((r) => /^-?[\d,.]+$/.test(r[i] ?? "")));
  const line = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

/** `1234.5` style amount of a token with `decimals`. */
export function formatAmount(amount: bigint, decimals: number): string {
  const text = formatUnits(amount, decimals);
  return text.endsWith(".0") ? text.slice(0, -2) : text;
}

/** A progress line on a terminal: redrawn in place, at most every 100 ms; silent elsewhere. */
export function progressLine(io: Io): { update(text: string): void; done(): void } {
  let last = 0;
  let drawn = false;
  return {
    update(text) {
      if (!io.interactive) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      drawn = true;
      process.stderr.write(`\r\x1b[2K${text}`);
    },
    done() {
      if (drawn) process.stderr.write("\r\x1b[2K");
    },
  };
}
