/**
 * A JSON-RPC node that misbehaves on demand, for tests: an HTTP server on 127.0.0.1 that forwards each request to
 * a real node, or holds it unanswered (`hang`: a node that stopped answering), or drops the connection (`refuse`).
 * Requests held while hanging are answered (forwarded) once it passes again, as a node that comes back would.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type ProxyMode = "pass" | "hang" | "refuse";

export interface RpcProxy {
  url: string;
  /** What it does with requests from now on (and, when set to `pass`, with those it holds). */
  set(mode: ProxyMode): void;
  /** Requests received, in all. */
  readonly requests: number;
  stop(): Promise<void>;
}

export async function startRpcProxy(target: string): Promise<RpcProxy> {
  let mode: ProxyMode = "pass";
  let requests = 0;
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
      if (mode === "refuse") return void res.destroy();
      if (mode === "hang") return void held.push({ body, res });
      void forward(body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    set(next) {
      mode = next;
      if (next === "pass") for (const { body, res } of held.splice(0)) void forward(body, res);
      if (next === "refuse") for (const { res } of held.splice(0)) res.destroy();
    },
    get requests() {
      return requests;
    },
    stop: async () => {
      for (const { res } of held.splice(0)) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
