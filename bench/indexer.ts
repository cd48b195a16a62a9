/**
 * Indexer benchmark: how long the indexer takes to catch up with a history of more than 10,000
 * events, on embedded PGlite and on a Postgres server, beside the time it takes to start on an empty
 * deployment (the baseline of the same run); and what a claimable query costs through the indexer
 * against the SDK's log scan, on that same history. Rewrites bench/INDEXER.md.
 *
 *   node --import tsx bench/indexer.ts        (part of `npm run bench`; needs Debian's postgresql for the Postgres case)
 *
 * The history is scripts/history.ts on anvil (or `hardhat node` without it): BENCH_DEPOSITS deposits
 * (default 10,000, a hundred per transaction) and BENCH_DATASETS registrations that Alice shares with a
 * stranger (default 2,000), which a log scan for Alice must read and the indexer already holds.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";

import { JsonRpcProvider } from "ethers";

import { playHistory } from "../scripts/history.js";
import { DataDividends } from "../src/sdk/client.js";
import { deployDataDividends } from "../src/hardhat/deploy.js";
import { anvilBinary, startAnvil, startHardhatNode } from "../tools/nodes.js";
import { startIndexer } from "../tools/indexer.js";
import { postgresBinaries, startPostgres } from "../tools/postgres.js";

const DEPOSITS = Number(process.env.BENCH_DEPOSITS ?? 10_000);
const DATASETS = Number(process.env.BENCH_DATASETS ?? 2_000);
const QUERIES = 5;

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const dir = mkdtempSync(join(tmpdir(), "dd-bench-indexer-"));
const anvil = anvilBinary();
const node = anvil !== undefined ? await startAnvil(anvil) : await startHardhatNode();
const provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
const lines: string[] = [];
try {
  // The baseline: a deployment with no history, indexed from the same start.
  const [deployer] = await provider.listAccounts();
  const bare = await deployDataDividends(deployer);
  const bareFile = join(dir, "bare.json");
  writeFileSync(
    bareFile,
    JSON.stringify({
      chainId: 31337,
      token: await bare.token.getAddress(),
      datasets: await bare.datasets.getAddress(),
      models: await bare.models.getAddress(),
      vault: await bare.vault.getAddress(),
      fromBlock: 0,
    }),
  );

  const played = process.hrtime.bigint();
  const history = await playHistory(provider, { deposits: DEPOSITS, extraDatasets: DATASETS });
  const playSeconds = seconds(played);
  const file = join(dir, "history.json");
  writeFileSync(file, JSON.stringify(history.addresses));
  const head = await provider.getBlockNumber();
  console.log(`history: ${history.events} events in ${head} blocks, played in ${playSeconds.toFixed(1)} s`);

  const storages: { name: string; url?: string; stop?: () => Promise<void> }[] = [{ name: "PGlite (embedded)" }];
  if (postgresBinaries() !== undefined) {
    const pg = await startPostgres();
    storages.push({ name: "Postgres 15 (local server)", url: pg.url, stop: () => pg.stop() });
  } else {
    console.log("no postgresql installed: the Postgres case is left out");
  }

  const rows: string[] = [];
  let queryRows: string[] = [];
  for (const storage of storages) {
    const time = async (addresses: string, block: number) => {
      const started = process.hrtime.bigint();
      const indexer = await startIndexer({
        addresses,
        rpcUrl: node.url,
        ...(storage.url
          ? { databaseUrl: storage.url }
          : { pgliteDir: join(dir, `pglite-${rows.length}-${addresses.length}`) }),
        readyTimeoutMs: 30 * 60_000,
      });
      await indexer.caughtUp(block, 30 * 60_000);
      return { indexer, seconds: seconds(started) };
    };
    const baseline = await time(bareFile, head);
    await baseline.indexer.stop();
    const full = await time(file, head);
    const net = full.seconds - baseline.seconds;
    rows.push(
      `| ${storage.name} | ${baseline.seconds.toFixed(1)} s | ${full.seconds.toFixed(1)} s | ${net.toFixed(1)} s | ${Math.round(history.events / net).toLocaleString("en")} |`,
    );
    console.log(rows[rows.length - 1]);

    // Claimable: each through a fresh client (no cached scan), alternating, median of QUERIES.
    if (queryRows.length === 0) {
      queryRows = [];
      for (const [who, account] of [
        [`alice (${(DATASETS + 2).toLocaleString("en")} share slots)`, history.people.alice],
        ["gina (1 share slot)", history.people.gina],
      ] as const) {
        const viaIndexer: number[] = [];
        const viaScan: number[] = [];
        let edges = 0;
        for (let i = 0; i < QUERIES; i++) {
          let t = process.hrtime.bigint();
          const a = await DataDividends.connect(provider, history.addresses, { indexer: full.indexer.url }).claimable(
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
    await full.indexer.stop();
    await storage.stop?.();
  }

  lines.push(
    "# Indexer benchmark",
    "",
    "Written by `node --import tsx bench/indexer.ts` (part of `npm run bench`); do not edit by hand.",
    "",
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}, ${node.name}, Ponder 0.16.10.`,
    "",
    `History (scripts/history.ts): **${history.events.toLocaleString("en")} events** in ${head} blocks — ${DEPOSITS.toLocaleString("en")} deposits in two tokens (a hundred per transaction), ${DATASETS.toLocaleString("en")} extra dataset registrations that Alice shares, claims (two on one edge), two share moves, forwards, two flags. Played in ${playSeconds.toFixed(1)} s.`,
    "",
    "## Catch-up",
    "",
    "From starting `npm run indexer` (scripts/indexer.ts → `ponder start`) until its `/status` reports the chain's head block. The baseline is the same command on a deployment with no history, in the same run; the difference is the time spent on the history itself.",
    "",
    "| storage | empty deployment (baseline) | with the history | history alone | events / s |",
    "|---|---:|---:|---:|---:|",
    ...rows,
    "",
    "## What an account is owed",
    "",
    `\`DataDividends.claimable(account)\` through a fresh client each time (so the log scan starts from nothing, as a new process would), median of ${QUERIES}, alternating; the two answers are checked equal. The log scan reads every registration event and asks the registry who holds each candidate slot; the indexer answers from its tables.`,
    "",
    "| account | through the indexer | log scan | log scan / indexer |",
    "|---|---:|---:|---:|",
    ...queryRows,
    "",
  );
  writeFileSync(new URL("./INDEXER.md", import.meta.url), lines.join("\n"));
  console.log("wrote bench/INDEXER.md");
} finally {
  provider.destroy();
  await node.stop();
  rmSync(dir, { recursive: true, force: true });
}
