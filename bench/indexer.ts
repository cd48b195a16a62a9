/**
 * Indexer benchmark, on a history of more than 10,000 events. Rewrites bench/INDEXER.md.
 *  - The floor: the same events fetched with eth_getLogs in 2,000-block chunks and decoded, then the blocks
 *    that hold them fetched whole (what Ponder stores for each).
 *  - Catch-up on embedded PGlite and on a Postgres server, beside the start on an empty deployment (the
 *    baseline of the same run); a restart on what was stored; start-up to the first answered request.
 *  - What a claimable query costs through the indexer against the SDK's log scan.
 *  - Each route under 50 connections for 10 s (autocannon), against Ponder's own /status, with a block
 *    mined halfway: errors, and how soon the indexer has that block once the load stops.
 *  - The dashboard's render time for Alice (2,002 share slots) against Gina (one), in headless Chromium.
 *
 *   node --import tsx bench/indexer.ts        (part of `npm run bench`; needs Debian's postgresql for the Postgres case)
 *
 * The history is scripts/history.ts on anvil (or `hardhat node` without it): BENCH_DEPOSITS deposits
 * (default 10,000, a hundred per transaction) and BENCH_DATASETS registrations that Alice shares with a
 * stranger (default 2,000), which a log scan for Alice must read and the indexer already holds.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";

import autocannon from "autocannon";
import { Interface, JsonRpcProvider, Wallet, type EventFragment } from "ethers";
import { chromium } from "playwright-core";

import {
  DataDividendsGovernorAbi,
  DatasetRegistryAbi,
  ModelRegistryAbi,
  RewardVaultAbi,
  ShareTreesAbi,
} from "../indexer/abis.js";
import { readIndexedDeployment } from "../indexer/deployment.js";
import { playHistory } from "../scripts/history.js";
import { DataDividends } from "../src/sdk/client.js";
import { deployDataDividends } from "../src/hardhat/deploy.js";
import { anvilBinary, startAnvil, startHardhatNode } from "../tools/nodes.js";
import { indexedBlock, startIndexer, type RunningIndexer } from "../tools/indexer.js";
import { postgresBinaries, startPostgres } from "../tools/postgres.js";
import { freePort, startProcess, waitUntil } from "../tools/processes.js";

const DEPOSITS = Number(process.env.BENCH_DEPOSITS ?? 10_000);
const DATASETS = Number(process.env.BENCH_DATASETS ?? 2_000);
const QUERIES = 5;
const CATCH_UPS = 3;
const CONNECTIONS = 50;
const LOAD_SECONDS = 10;
const RENDERS = 3;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const n = (value: number) => Math.round(value).toLocaleString("en");

const dir = mkdtempSync(join(tmpdir(), "dd-bench-indexer-"));
const anvil = anvilBinary();
const node = anvil !== undefined ? await startAnvil(anvil) : await startHardhatNode();
const provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, cacheTimeout: -1 });

/** An addresses file (DD_ADDRESSES) for a deployment without a history, on chain 31337 from block 0. */
async function writeAddresses(file: string, deployed: Awaited<ReturnType<typeof deployDataDividends>>) {
  writeFileSync(
    file,
    JSON.stringify({
      chainId: 31337,
      token: await deployed.token.getAddress(),
      datasets: await deployed.datasets.getAddress(),
      models: await deployed.models.getAddress(),
      vault: await deployed.vault.getAddress(),
      fromBlock: 0,
    }),
  );
}

/** Seconds from `started` until the route answers 200 (the catch-up gate answers 503 until the history is in). */
async function firstAnswer(indexer: RunningIndexer, route: string, started: bigint): Promise<number> {
  await waitUntil("the first answer", indexer.process, async () => (await fetch(`${indexer.url}${route}`)).ok, 600_000);
  return seconds(started);
}

/**
 * The floor the indexer is held to: the deployment's events fetched with eth_getLogs in 2,000-block chunks and
 * decoded, and then (what Ponder also does) each block that holds one fetched whole, 32 at a time.
 */
async function floor(addressesFile: string) {
  const deployment = readIndexedDeployment({ ...process.env, DD_ADDRESSES: addressesFile, DD_RPC_URL: node.url });
  const address = [
    deployment.datasets,
    deployment.models,
    deployment.shareTrees,
    ...deployment.allVaults.map((v) => v.vault),
    ...(deployment.governor ? [deployment.governor] : []),
  ];
  // Each event by its topic, found once (Interface.parseLog looks every fragment up again for each log).
  const abi = new Interface(
    [DatasetRegistryAbi, ModelRegistryAbi, RewardVaultAbi, ShareTreesAbi, DataDividendsGovernorAbi]
      .flat()
      .filter((item) => item.type === "event")
      .filter((item, i, all) => all.findIndex((other) => JSON.stringify(other) === JSON.stringify(item)) === i),
  );
  const byTopic = new Map<string, EventFragment>();
  abi.forEachEvent((event) => byTopic.set(event.topicHash, event));
  const head = await provider.getBlockNumber();
  let started = process.hrtime.bigint();
  const logs: { blockNumber: string; topics: string[]; data: string }[] = [];
  for (let from = deployment.record.fromBlock; from <= head; from += 2_000) {
    logs.push(
      ...((await provider.send("eth_getLogs", [
        { address, fromBlock: `0x${from.toString(16)}`, toBlock: `0x${Math.min(head, from + 1_999).toString(16)}` },
      ])) as typeof logs),
    );
  }
  let decoded = 0;
  for (const log of logs) {
    const event = byTopic.get(log.topics[0]);
    if (event === undefined) continue;
    abi.decodeEventLog(event, log.data, log.topics);
    decoded++;
  }
  const logSeconds = seconds(started);
  started = process.hrtime.bigint();
  const blocks = [...new Set(logs.map((l) => l.blockNumber))];
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < blocks.length) await provider.send("eth_getBlockByNumber", [blocks[next++], true]);
    }),
  );
  return { events: decoded, blocks: blocks.length, logSeconds, blockSeconds: seconds(started) };
}

/** `route` under CONNECTIONS connections for LOAD_SECONDS, a block mined halfway; then how long until it is indexed. */
interface Route {
  name: string;
  path: string;
  method?: "POST";
  body?: string;
  /** A new path for each request (defeats the answer cache: every answer computed). */
  paths?: () => string;
}

async function load(indexer: RunningIndexer, route: Route) {
  const mined = sleep((LOAD_SECONDS * 1000) / 2).then(async () => {
    await provider.send("evm_mine", []);
    return provider.getBlockNumber();
  });
  const result = await autocannon({
    url: `${indexer.url}${route.path}`,
    connections: CONNECTIONS,
    duration: LOAD_SECONDS,
    timeout: 10,
    // As a browser asks: gzip accepted.
    headers: { "accept-encoding": "gzip", ...(route.method ? { "content-type": "application/json" } : {}) },
    ...(route.method ? { method: route.method, body: route.body } : {}),
    ...(route.paths
      ? { requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, path: route.paths!() }) }] }
      : {}),
  });
  const block = await mined;
  const stopped = process.hrtime.bigint();
  const indexedDuring = await indexedBlock(indexer.url);
  await indexer.caughtUp(block, 120_000);
  return {
    route: route.name,
    requests: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    total: result.requests.total,
    bytes: result.throughput.total / Math.max(result.requests.total, 1),
    followed: indexedDuring >= block ? "during the load" : `${(seconds(stopped) * 1000).toFixed(0)} ms after it`,
  };
}

/** Median ms from navigation until the account's first datasets are drawn, after one warm-up load. */
async function renderTimes(indexerUrl: string, accounts: { who: string; account: string }[]) {
  if (!existsSync(CHROMIUM)) return undefined;
  const gateway = createServer((_, res) => res.writeHead(404, { "access-control-allow-origin": "*" }).end());
  const gatewayPort = await freePort();
  await new Promise<void>((resolve) => gateway.listen(gatewayPort, "127.0.0.1", resolve));
  const port = await freePort();
  const root = join(import.meta.dirname, "..");
  const vite = startProcess(
    process.execPath,
    [
      join(root, "node_modules", "vite", "bin", "vite.js"),
      "--config",
      "dashboard/vite.config.ts",
      "--port",
      String(port),
    ],
    { cwd: root },
  );
  const site = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    await waitUntil("the dashboard's Vite server", vite, async () => (await fetch(site)).ok);
    const rows: { who: string; ms: number; nodes: number; height: number }[] = [];
    for (const { who, account } of accounts) {
      const times: number[] = [];
      let nodes = 0;
      let height = 0;
      for (let i = 0; i <= RENDERS; i++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const started = process.hrtime.bigint();
        await page.goto(
          `${site}/?indexer=${encodeURIComponent(indexerUrl)}&gateway=${encodeURIComponent(`http://127.0.0.1:${gatewayPort}`)}&account=${account}`,
        );
        await page.locator("article.dataset").first().waitFor({ timeout: 60_000 });
        if (i > 0) times.push(seconds(started) * 1000);
        nodes = await page.evaluate<number>("document.getElementsByTagName('*').length");
        height = await page.evaluate<number>("document.documentElement.scrollHeight");
        await page.close();
      }
      rows.push({ who, ms: median(times), nodes, height });
    }
    return rows;
  } finally {
    await browser.close();
    await vite.stop();
    await new Promise<void>((resolve) => gateway.close(() => resolve()));
  }
}

const lines: string[] = [];
try {
  // The baseline: a deployment with no history, indexed from the same start.
  const [deployer] = await provider.listAccounts();
  const bare = await deployDataDividends(deployer);
  const bareFile = join(dir, "bare.json");
  await writeAddresses(bareFile, bare);

  const played = process.hrtime.bigint();
  const history = await playHistory(provider, { deposits: DEPOSITS, extraDatasets: DATASETS });
  const playSeconds = seconds(played);
  const file = join(dir, "history.json");
  writeFileSync(file, JSON.stringify(history.addresses));
  const head = await provider.getBlockNumber();
  console.log(`history: ${history.events} events in ${head} blocks, played in ${playSeconds.toFixed(1)} s`);

  const raw = await floor(file);
  const floorRate = raw.events / raw.logSeconds;
  const fullRate = raw.events / (raw.logSeconds + raw.blockSeconds);
  console.log(
    `floor: ${raw.events} events in ${raw.logSeconds.toFixed(2)} s, ${raw.blocks} blocks in ${raw.blockSeconds.toFixed(2)} s`,
  );

  const storages: { name: string; url?: string; stop?: () => Promise<void> }[] = [{ name: "PGlite (embedded)" }];
  if (postgresBinaries() !== undefined) {
    const pg = await startPostgres();
    storages.push({ name: "Postgres 15 (local server)", url: pg.url, stop: () => pg.stop() });
  } else {
    console.log("no postgresql installed: the Postgres case is left out");
  }

  const rows: string[] = [];
  const startRows: string[] = [];
  let queryRows: string[] = [];
  let loadRows: string[] = [];
  let renderRows: string[] = [];
  const alice = history.people.alice;
  for (const storage of storages) {
    const start = (addresses: string, folder: string, waitFor: "ready" | "listening" = "ready") =>
      startIndexer({
        addresses,
        rpcUrl: node.url,
        ...(storage.url ? { databaseUrl: storage.url } : { pgliteDir: join(dir, folder) }),
        readyTimeoutMs: 30 * 60_000,
        waitFor,
      });
    const time = async (addresses: string, folder: string, block: number) => {
      const started = process.hrtime.bigint();
      const indexer = await start(addresses, folder);
      await indexer.caughtUp(block, 30 * 60_000);
      return { indexer, seconds: seconds(started) };
    };
    // Catch-up times vary by a factor of two from run to run on two cores: on PGlite (a new folder each time) the
    // baseline and the history alternate CATCH_UPS times and the medians are reported, with the range. On Postgres
    // a second run would resume the first one's tables, so it runs once.
    const rounds = storage.url ? 1 : CATCH_UPS;
    const bases: number[] = [];
    const fulls: number[] = [];
    let full: { indexer: RunningIndexer; seconds: number } | undefined;
    for (let round = 0; round < rounds; round++) {
      const baseline = await time(bareFile, `pglite-bare-${rows.length}-${round}`, head);
      await baseline.indexer.stop();
      bases.push(baseline.seconds);
      await full?.indexer.stop();
      full = await time(file, `pglite-${rows.length}-${round}`, head);
      fulls.push(full.seconds);
    }
    const nets = fulls.map((f, i) => f - bases[i]);
    const net = median(nets);
    const range = (values: number[]) =>
      values.length === 1 ? "" : ` (${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)})`;
    rows.push(
      `| ${storage.name} | ${rounds} | ${median(bases).toFixed(1)} s | ${median(fulls).toFixed(1)} s | ${net.toFixed(1)} s${range(nets)} | ${n(history.events / net)}${range(nets.map((x) => history.events / x)).replace(/\.\d/g, "")} | ${(floorRate / (history.events / net)).toFixed(1)}× |`,
    );
    console.log(rows[rows.length - 1]);
    const folder = `pglite-${rows.length - 1}-${rounds - 1}`;

    // Start-up to the first answered request: a new deployment on a new node (what `npm run indexer` meets after a
    // fresh `hardhat node` and deploy), in a new folder; and a restart over the stored history.
    let started: bigint;
    let emptyFirst: number;
    {
      const fresh = anvil !== undefined ? await startAnvil(anvil) : await startHardhatNode();
      const freshProvider = new JsonRpcProvider(fresh.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
      try {
        const [who] = await freshProvider.listAccounts();
        const deployed = await deployDataDividends(who);
        const freshFile = join(dir, `fresh-${rows.length}.json`);
        await writeAddresses(freshFile, deployed);
        started = process.hrtime.bigint();
        const empty = await startIndexer({
          addresses: freshFile,
          rpcUrl: fresh.url,
          ...(storage.url ? { databaseUrl: storage.url } : { pgliteDir: join(dir, `pglite-fresh-${rows.length}`) }),
          waitFor: "listening",
        });
        emptyFirst = await firstAnswer(empty, `/accounts/${alice}/claimable`, started);
        await empty.stop();
      } finally {
        freshProvider.destroy();
        await fresh.stop();
      }
    }
    await full!.indexer.stop();
    started = process.hrtime.bigint();
    const restarted = await start(file, folder, "listening");
    const restartFirst = await firstAnswer(restarted, `/accounts/${alice}/claimable`, started);
    await restarted.caughtUp(head, 30 * 60_000);
    const restartCaughtUp = seconds(started);
    startRows.push(
      `| ${storage.name} | ${emptyFirst.toFixed(1)} s | ${restartFirst.toFixed(1)} s | ${restartCaughtUp.toFixed(1)} s |`,
    );
    console.log(startRows[startRows.length - 1]);
    const indexer = restarted;

    // Claimable: each through a fresh client (no cached scan), alternating, median of QUERIES.
    if (queryRows.length === 0) {
      queryRows = [];
      for (const [who, account] of [
        [`alice (${(DATASETS + 2).toLocaleString("en")} share slots)`, alice],
        ["gina (1 share slot)", history.people.gina],
      ] as const) {
        const viaIndexer: number[] = [];
        const viaScan: number[] = [];
        let edges = 0;
        for (let i = 0; i < QUERIES; i++) {
          let t = process.hrtime.bigint();
          const a = await DataDividends.connect(provider, history.addresses, { indexer: indexer.url }).claimable(
            account,
          );
          viaIndexer.push(seconds(t) * 1000);
          t = process.hrtime.bigint();
          const b = await DataDividends.connect(provider, history.addresses).claimable(account);
          viaScan.push(seconds(t) * 1000);
          if (
            JSON.stringify(a.totals, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) !==
            JSON.stringify(b.totals, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v))
          ) {
            throw new Error(`the indexer and the log scan disagree on ${who}'s totals`);
          }
          edges = a.edges.length;
        }
        const [x, y] = [median(viaIndexer), median(viaScan)];
        queryRows.push(
          `| ${who}, ${edges} edges | ${x.toFixed(0)} ms | ${y.toFixed(0)} ms | **${(y / x).toFixed(1)}×** |`,
        );
        console.log(queryRows[queryRows.length - 1]);
      }
    }

    // Each route under load, on the embedded default.
    if (loadRows.length === 0) {
      const routes = [
        { name: "`/status` (Ponder's own: the baseline)", path: "/status" },
        { name: "`/sync`", path: "/sync" },
        { name: "`/accounts/:alice/claimable`", path: `/accounts/${alice}/claimable` },
        { name: "`/accounts/:alice` (the dashboard's)", path: `/accounts/${alice}` },
        { name: "`/accounts/:gina`", path: `/accounts/${history.people.gina}` },
        {
          name: "`/accounts/:someone` (a new account each request: every answer computed)",
          path: "/accounts/0x0000000000000000000000000000000000000000",
          paths: () => `/accounts/${Wallet.createRandom().address}`,
        },
        { name: "`/datasets/:shared/earnings` (a page)", path: `/datasets/${history.datasets.shared}/earnings` },
        { name: "`/models/:base/payers`", path: `/models/${history.models.base}/payers` },
        {
          name: "`/graphql` (a hundred deposits)",
          path: "/graphql",
          method: "POST" as const,
          body: JSON.stringify({ query: "{ deposits(limit: 100) { items { id amount model } } }" }),
        },
      ];
      const results = [];
      for (const route of routes) {
        results.push(await load(indexer, route));
        console.log(JSON.stringify(results[results.length - 1]));
      }
      const base = results[0].requests;
      loadRows = results.map(
        (r) =>
          `| ${r.route} | ${n(r.requests)} | ${(r.requests / base).toFixed(2)} | ${r.p50} ms | ${r.p99} ms | ${n(r.bytes)} B | ${r.errors} of ${n(r.total)} | ${r.followed} |`,
      );
      const rendered = await renderTimes(indexer.url, [
        { who: `alice (${(DATASETS + 2).toLocaleString("en")} share slots)`, account: alice },
        { who: "gina (1 share slot)", account: history.people.gina },
      ]);
      if (rendered === undefined) console.log(`no Chromium at ${CHROMIUM}: the render case is left out`);
      else {
        const gina = rendered[rendered.length - 1].ms;
        renderRows = rendered.map(
          (r) =>
            `| ${r.who} | ${r.ms.toFixed(0)} ms | ${(r.ms / gina).toFixed(2)} | ${n(r.nodes)} | ${n(r.height)} px |`,
        );
        renderRows.forEach((row) => console.log(row));
      }
    }
    await indexer.stop();
    await storage.stop?.();
  }

  lines.push(
    "# Indexer benchmark",
    "",
    "Written by `node --import tsx bench/indexer.ts` (part of `npm run bench`); do not edit by hand.",
    "",
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}, ${node.name}, Ponder 0.16.10.`,
    "",
    `History (scripts/history.ts): **${history.events.toLocaleString("en")} events** in ${head} blocks — ${DEPOSITS.toLocaleString("en")} deposits in two tokens (a hundred per transaction), ${DATASETS.toLocaleString("en")} extra dataset registrations that Alice shares (one a block), claims (two on one edge), two share moves, forwards, two flags. Played in ${playSeconds.toFixed(1)} s.`,
    "",
    "## The floor",
    "",
    `The deployment's ${n(raw.events)} events fetched with \`eth_getLogs\` in 2,000-block chunks and decoded: ${raw.logSeconds.toFixed(2)} s, **${n(floorRate)} events/s**. Fetching the ${n(raw.blocks)} blocks that hold them whole as well (Ponder stores each one), 32 at a time: ${raw.blockSeconds.toFixed(2)} s more, ${n(fullRate)} events/s.`,
    "",
    "## Catch-up",
    "",
    "From starting `npm run indexer` (scripts/indexer.ts → `ponder start`) until its `/status` reports the chain's head block. The baseline is the same command on a deployment with no history, in the same run; the difference is the time spent on the history itself, and the last column how far that is from the floor. Medians of the runs, each in a new folder.",
    "",
    "| storage | runs | empty deployment (baseline) | with the history | history alone (range) | events / s (range) | floor / this |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...rows,
    "",
    "## Start-up and restart",
    "",
    "Until `/accounts/:alice/claimable` first answers 200 (it answers 503 while the history is being indexed): on a new deployment on a new node (a fresh `anvil` and deploy, as a developer starts), in a new folder; and on a restart over the stored history; then until the restarted indexer has the chain's head.",
    "",
    "| storage | first answer, new deployment | first answer, restart | restart to caught up |",
    "|---|---:|---:|---:|",
    ...startRows,
    "",
    "## What an account is owed",
    "",
    `\`DataDividends.claimable(account)\` through a fresh client each time (so the log scan starts from nothing, as a new process would), median of ${QUERIES}, alternating; the two answers are checked equal. The log scan reads every registration event and asks the registry who holds each candidate slot; the indexer answers from its tables.`,
    "",
    "| account | through the indexer | log scan | log scan / indexer |",
    "|---|---:|---:|---:|",
    ...queryRows,
    "",
    "## Under load",
    "",
    `Each route on the restarted PGlite indexer under ${CONNECTIONS} connections for ${LOAD_SECONDS} s (autocannon, in this process, on 127.0.0.1, a 10 s timeout, \`accept-encoding: gzip\` as a browser sends), one route after another; a block is mined halfway through each run, so each kept answer is computed again once. *Answer* is the bytes sent per request. *Errors* counts failed connections, timeouts and answers other than 2xx. *Block mined halfway* says when the indexer had that block: already during the load, or how long after it stopped.`,
    "",
    "| route | requests / s | / `/status` | p50 | p99 | answer | errors | block mined halfway |",
    "|---|---:|---:|---:|---:|---:|---:|---|",
    ...loadRows,
    "",
    "## The dashboard's render time",
    "",
    renderRows.length === 0
      ? "Left out: no Chromium on this machine."
      : `From navigation until the first dataset is drawn, in headless Chromium at 1280 × 900 against the same indexer (Vite's dev server, one warm-up load, median of ${RENDERS}); Gina's page is the baseline.`,
    "",
    ...(renderRows.length === 0
      ? []
      : ["| account | render | / gina | DOM elements | page height |", "|---|---:|---:|---:|---:|", ...renderRows, ""]),
  );
  writeFileSync(new URL("./INDEXER.md", import.meta.url), lines.join("\n"));
  console.log("wrote bench/INDEXER.md");
} finally {
  provider.destroy();
  await node.stop();
  rmSync(dir, { recursive: true, force: true });
}
