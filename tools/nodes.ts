/**
 * Real Ethereum nodes for end-to-end tests: `hardhat node` and anvil, each on a free loopback port,
 * started as its own process group so that stopping it stops everything it started.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

import { HARDHAT_CLI, hardhatCli } from "./hardhat-cli.js";
import { freePort, startProcess, waitUntil } from "./processes.js";

export { freePort };

const require = createRequire(import.meta.url);

export interface RunningNode {
  name: string;
  url: string;
  stop(): Promise<void>;
}

/** The anvil binary from the optional npm package, where this platform has it. */
export function anvilBinary(): string | undefined {
  try {
    const pkg = require.resolve("@foundry-rs/anvil-linux-amd64/package.json");
    const bin = join(dirname(pkg), "bin", "anvil");
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

async function start(name: string, command: string, args: string[], port: number, cwd?: string): Promise<RunningNode> {
  const node = startProcess(command, args, cwd ? { cwd } : {});
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(name, node, async () => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }),
    });
    return response.ok;
  });
  return { name, url, stop: () => node.stop() };
}

/**
 * `npx hardhat node`, bound to 127.0.0.1 (it binds 0.0.0.0 unless told), run as the real binary: this
 * project's, or, given `project` (a folder), that project's own Hardhat in that folder.
 */
export async function startHardhatNode(port?: number, project?: string): Promise<RunningNode> {
  const p = port ?? (await freePort());
  const cli = project === undefined ? HARDHAT_CLI : hardhatCli(project);
  return start(
    "hardhat node",
    process.execPath,
    [cli, "node", "--hostname", "127.0.0.1", "--port", String(p)],
    p,
    project,
  );
}

/** anvil, a node nobody here wrote, with Hardhat's default mnemonic so the same accounts exist (chain 31337 unless told). */
export async function startAnvil(binary: string, port?: number, chainId?: number): Promise<RunningNode> {
  const p = port ?? (await freePort());
  const chain = chainId === undefined ? [] : ["--chain-id", String(chainId)];
  return start("anvil", binary, ["--host", "127.0.0.1", "--port", String(p), "--silent", ...chain], p);
}

/** A JSON-RPC proxy in front of a node, for tests of what the toolkit does when the node misbehaves. */
export interface RpcProxy extends RunningNode {
  /** From now on, take requests and never answer them: a node that hangs (or a network that drops replies). */
  hang(): void;
}

/**
 * A JSON-RPC proxy on a free loopback port in front of `target`. With `publicClient`, it answers
 * `web3_clientVersion` as a public network's client would (`Geth/…`): what the toolkit sees on a testnet,
 * on a local node. Everything else is forwarded until `hang()`. Stop it with `stop()`.
 */
export async function startProxy(target: string, options: { publicClient?: boolean } = {}): Promise<RpcProxy> {
  const { createServer } = await import("node:http");
  const port = await freePort();
  let hanging = false;
  const answer = (request: { id?: unknown; method?: string }) =>
    options.publicClient === true && request.method === "web3_clientVersion"
      ? { jsonrpc: "2.0", id: request.id, result: "Geth/v1.16.0-stable/linux-amd64/go1.24" }
      : undefined;
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      if (hanging) return; // held open until stop()
      void (async () => {
        try {
          const parsed = JSON.parse(body) as { id?: unknown; method?: string } | { id?: unknown; method?: string }[];
          const batch = Array.isArray(parsed) ? parsed : [parsed];
          const own = batch.map(answer);
          let forwarded: unknown[] = [];
          const rest = batch.filter((_, i) => own[i] === undefined);
          if (rest.length > 0) {
            const response = await fetch(target, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify(Array.isArray(parsed) ? rest : rest[0]),
            });
            const json: unknown = await response.json();
            forwarded = Array.isArray(json) ? json : [json];
          }
          if (hanging) return;
          const replies = own.map((o) => o ?? forwarded.shift());
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify(Array.isArray(parsed) ? replies : replies[0]));
        } catch {
          res.writeHead(502).end();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    name: "JSON-RPC proxy",
    url: `http://127.0.0.1:${port}`,
    hang: () => {
      hanging = true;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
