/**
 * One answer per URL per indexed block. Every route under it answers from the indexed tables alone, and those
 * change only when a block is indexed (or rolled back): Ponder's checkpoint says which. So an answer is kept
 * with the checkpoint it was computed at and served again, byte for byte, until the checkpoint moves; requests
 * for the same URL that arrive while it is being computed wait for that one computation instead of starting
 * their own. Fifty connections asking for a crowd contributor's page cost one computation per block, not fifty
 * per second, and the process that indexes is left to index.
 *
 * Each answer says which checkpoint it was computed at (`x-dd-checkpoint`) and how it came (`x-dd-answer`:
 * computed, kept or shared); a client that sends `accept-encoding: gzip` gets the gzipped bytes, made once.
 *
 * Bounded: at most DD_ANSWER_CACHE_MB megabytes of answers (default 64; 0 keeps none), the least recently
 * served dropped first. Only 200 answers are kept; a refusal or a 503 is computed each time.
 */
import { gzipSync } from "node:zlib";

import type { Context, Next } from "hono";

import { readSettings } from "../../settings";

import { latestCheckpoint } from "./shared";

interface Answer {
  checkpoint: string;
  status: number;
  contentType: string;
  body: string;
  /** The body gzipped once, for the clients that take it (a browser does; a crowd contributor's page is 900 kB). */
  gzipped?: Uint8Array<ArrayBuffer>;
}

/** Past this many bytes an answer is also kept gzipped. */
const GZIP_FROM = 4_096;

const budget = readSettings().answerCacheMb * 1024 * 1024;
/** Kept answers by URL, least recently served first (a Map keeps insertion order). */
const kept = new Map<string, Answer>();
let keptBytes = 0;
/** Computations under way, by checkpoint and URL. */
const pending = new Map<string, Promise<Answer>>();

function keep(url: string, answer: Answer) {
  const old = kept.get(url);
  if (old !== undefined) {
    kept.delete(url);
    keptBytes -= size(old);
  }
  if (answer.status !== 200 || answer.body.length > budget / 8) return;
  kept.set(url, answer);
  keptBytes += size(answer);
  for (const [oldest, dropped] of kept) {
    if (keptBytes <= budget) break;
    kept.delete(oldest);
    keptBytes -= size(dropped);
  }
}

const size = (answer: Answer) => answer.body.length + (answer.gzipped?.length ?? 0);

const takesGzip = (c: Context) => /\bgzip\b/.test(c.req.header("accept-encoding") ?? "");

/** How an answer came: computed for this request, kept from an earlier one, or shared with one under way. */
type How = "computed" | "kept" | "shared";

/** The headers an answer goes with, and the bytes: gzipped where it was kept gzipped and the client takes gzip. */
function wire(c: Context, answer: Answer, how: How) {
  const gzip = answer.gzipped !== undefined && takesGzip(c);
  const headers: Record<string, string> = {
    "content-type": answer.contentType,
    "x-dd-checkpoint": answer.checkpoint,
    "x-dd-answer": how,
    vary: "accept-encoding",
    ...(gzip ? { "content-encoding": "gzip" } : {}),
  };
  return { headers, bytes: gzip ? answer.gzipped! : answer.body };
}

function send(c: Context, answer: Answer, how: How) {
  const { headers, bytes } = wire(c, answer, how);
  return c.body(bytes, answer.status as 200, headers);
}

export async function answerCache(c: Context, next: Next) {
  if (budget === 0 || c.req.method !== "GET") return next();
  const url = new URL(c.req.url);
  const key = `${url.pathname}${url.search}`;
  const checkpoint = await latestCheckpoint();
  const hit = kept.get(key);
  if (hit !== undefined && hit.checkpoint === checkpoint) {
    // Served again: now the most recently served.
    kept.delete(key);
    kept.set(key, hit);
    return send(c, hit, "kept");
  }
  const flight = `${checkpoint} ${key}`;
  const waiting = pending.get(flight);
  if (waiting !== undefined) return send(c, await waiting, "shared");
  const computed = (async (): Promise<Answer> => {
    await next();
    const body = await c.res.clone().text();
    return {
      checkpoint,
      status: c.res.status,
      contentType: c.res.headers.get("content-type") ?? "application/json; charset=utf-8",
      body,
      ...(c.res.status === 200 && body.length >= GZIP_FROM ? { gzipped: new Uint8Array(gzipSync(body)) } : {}),
    };
  })();
  pending.set(flight, computed);
  let answer: Answer;
  try {
    answer = await computed;
    keep(key, answer);
  } finally {
    pending.delete(flight);
  }
  // The one who computed it is answered with the route's own headers (and every one the middleware before gave it),
  // gzipped as the others are when it takes gzip.
  const { headers, bytes } = wire(c, answer, "computed");
  const merged = new Headers(c.res.headers);
  for (const [name, value] of Object.entries(headers)) merged.set(name, value);
  merged.delete("content-length");
  c.res = undefined;
  c.res = new Response(bytes, { status: answer.status, headers: merged });
}
