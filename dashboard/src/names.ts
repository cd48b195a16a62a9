/**
 * Names people read instead of hex IDs: a dataset's manifest says its `name`, a model card its title (a
 * `model_name:` in its front matter, else its first `# heading`). Fetched from the registered metadata URI
 * (http(s) directly, `ipfs://` through a gateway), each at most once, bounded in time; an ID whose metadata
 * cannot be read keeps its short hex form.
 */

const cache = new Map<string, Promise<string | undefined>>();

/** Where a browser can fetch `uri`: itself for http(s), the gateway's `/ipfs/…` for ipfs; else nowhere. */
export function fetchableURL(uri: string, gateway: string): string | undefined {
  if (/^https?:\/\//i.test(uri)) return uri;
  const ipfs = /^ipfs:\/\/(.+)$/i.exec(uri);
  return ipfs ? `${gateway.replace(/\/$/, "")}/ipfs/${ipfs[1]}` : undefined;
}

/** The name a manifest (JSON `name`) or a model card (front matter `model_name`, or its first heading) gives. */
export function nameIn(text: string): string | undefined {
  try {
    const json = JSON.parse(text) as { name?: unknown };
    return typeof json.name === "string" && json.name.trim() !== "" ? json.name.trim() : undefined;
  } catch {
    const front = /^---\n([\s\S]*?)\n---/.exec(text)?.[1];
    const named = front ? /^model_name:\s*["']?(.+?)["']?\s*$/m.exec(front)?.[1] : undefined;
    return named ?? /^#\s+(.+?)\s*$/m.exec(text)?.[1];
  }
}

/** The name `uri`'s metadata gives, or undefined (unreadable, unnamed, or slower than 5 s). */
export function nameOf(uri: string, gateway: string): Promise<string | undefined> {
  let pending = cache.get(uri);
  if (pending === undefined) {
    const url = fetchableURL(uri, gateway);
    pending =
      url === undefined
        ? Promise.resolve(undefined)
        : fetch(url, { signal: AbortSignal.timeout(5_000) })
            .then(async (r) => (r.ok ? nameIn(await r.text()) : undefined))
            .catch(() => undefined);
    cache.set(uri, pending);
  }
  return pending;
}
