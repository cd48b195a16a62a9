// Dataset paths, in plain JavaScript so that worker threads (src/node/listing-worker.mjs) and the main thread
// (src/node/listing.ts, src/node/hub.ts) share one rule.

/**
 * A dataset-relative POSIX path as it is, or undefined where it is not one: a leading `/`, a `.` or `..`
 * segment, an empty segment, a backslash or a NUL.
 * @param {string} path
 * @returns {string | undefined}
 */
export function checkedPath(path) {
  if (path === "" || path.charCodeAt(0) === 47 || path.includes("\\") || path.includes("\0")) return undefined;
  // Most paths have no dot at a segment's start and no doubled slash: one scan each settles them.
  if (!path.includes("/.") && !path.startsWith(".") && !path.includes("//") && !path.endsWith("/")) return path;
  const segments = path.split("/");
  return segments.some((s) => s === "" || s === "." || s === "..") ? undefined : path;
}
