/**
 * A JSON-RPC node that misbehaves on demand, for tests: an HTTP server on 127.0.0.1 that forwards each request to
 * a real node, or holds it unanswered (`hang`: a node that stopped answering), or drops the connection (`refuse`).
 * Requests held while hanging are answered (forwarded) once it passes again, as a node that comes back would.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type ProxyMode = "pass" | "hang" | "refuse";

/** One JSON-RPC call in a request. */
export interface RpcCall {
  method: string;
  params: unknown[];
}

export interface RpcProxy {
  url: string;
  /**
   * What it does with requests from now on (and, when set to `pass`, with those it holds); with `only`, just with
   * requests holding a call it matches, the others passing (a node slow at one thing: a test holds back the
   * history's blocks and nothing else).
   */
  set(mode: ProxyMode, only?: (call: RpcCall) => boolean): void;
  /** Requests received, in all. */
  readonly requests: number;
  /** Calls received of one JSON-RPC method (a batch counts each call in it), from the start or the last `reset`. */
  calls(method: string): RpcCall[];
  reset(): void;
  stop(): Promise<void>;
}

export async function startRpcProxy(target: string): Promise<RpcProxy> {
  let mode: ProxyMode = "pass";
  let only: ((call: RpcCall) => boolean) | undefined;
  let requests = 0;
  /** Every call received since the start or the last `reset`, in order. */
  let received: RpcCall[] = [];
  /** The calls in a request body (none if it is not JSON-RPC), each recorded. */
  const read = (body: Buffer): RpcCall[] => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      return [];
    }
    const calls: RpcCall[] = [];
    for (const call of Array.isArray(parsed) ? parsed : [parsed]) {
      const { method, params } = (call ?? {}) as { method?: unknown; params?: unknown };
      if (typeof method === "string") calls.push({ method, params: Array.isArray(params) ? params : [] });
    }
    received.push(...calls);
    return calls;
  };
  const held: { body: Buffer; res: ServerResponse }[] = [];
  const forward = async (body: Buffer, res: ServerResponse) => {
    try {
      const answer = await fetch(target, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        signal: AbortSignal.timeout(30_000),
      });
      res.writeHead(answer.status, { "content-type": "application/json" }).end(Buffer.from(await answer.arrayBuffer()));
    } catch {
      res.destroy();
    }
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      requests++;
      const body = Buffer.concat(chunks);
      const calls = read(body);
      const applies = only === undefined || calls.some(only);
      if (applies && mode === "refuse") return void res.destroy();
      if (applies && mode === "hang") return void held.push({ body, res });
      void forward(body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    set(next, matching) {
      mode = next;
      only = matching;
      if (next === "pass") for (const { body, res } of held.splice(0)) void forward(body, res);
      if (next === "refuse") for (const { res } of held.splice(0)) res.destroy();
    },
    get requests() {
      return requests;
    },
    calls: (method) => received.filter((call) => call.method === method),
    reset: () => {
      received = [];
    },
    stop: async () => {
      for (const { res } of held.splice(0)) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
