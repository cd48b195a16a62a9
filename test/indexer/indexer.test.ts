/**
 * The indexer (indexer/, Ponder) against a real node, on embedded PGlite and on a Postgres server:
 * after a scripted history of deposits in two tokens, claims, share moves, royalty forwards, an
 * upheld flag, an open flag and a dataset still cooling off, what it says each account is owed equals,
 * edge by edge, what the vaults' views return; the SDK and the CLI read it when given its URL.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { getAddress, id as id32, JsonRpcProvider, type JsonRpcSigner } from "ethers";

import { DEEP_LINEAGE, playHistory, type History } from "../../scripts/history.js";
import type { CatchingUp, ClaimableResponse, IdentityView, SyncInfo } from "../../src/protocol/api.js";
import { ShareTreeFile, buildShareTree, writeContributorsCsv } from "../../src/node/share-tree-file.js";
import { indexerTreeSource } from "../../src/sdk/indexer.js";
import { forwardsInto } from "../../src/protocol/lineage.js";
import { DataDividends } from "../../src/sdk/client.js";
import { DataDividendsError } from "../../src/protocol/errors.js";
import type { ClaimableEdge } from "../../src/sdk/types.js";
import { mineBlocks } from "../../src/sdk/mining.js";
import { DatasetRegistry__factory, ModelRegistry__factory, RewardVault__factory } from "../../src/typechain.js";
import { hardhat, run } from "../../tools/hardhat-cli.js";
import { startIndexer, type RunningIndexer } from "../../tools/indexer.js";
import { startPostgres, type RunningPostgres } from "../../tools/postgres.js";
import { startRpcProxy } from "../../tools/rpc-proxy.js";
import { anvilBinary, startAnvil, startHardhatNode, type RunningNode } from "../../tools/nodes.js";

const key = (e: Pick<ClaimableEdge, "token" | "model" | "dataset" | "index">) =>
  `${e.token.toLowerCase()}:${e.model}:${e.dataset}:${e.index}`;
const sorted = (edges: ClaimableEdge[]) => [...edges].sort((a, b) => key(a).localeCompare(key(b)));

describe("indexer: Ponder over the contracts' events", function () {
  this.timeout(300_000);

  let node: RunningNode;
  let provider: JsonRpcProvider;
  let history: History;
  let dir: string;
  let addressesFile: string;

  before(async function () {
    // Separate processes (node, indexer, browser): nothing for the coverage run to measure.
    if (process.env.DD_SKIP_E2E === "1") this.skip();
    const anvil = anvilBinary();
    node = anvil !== undefined ? await startAnvil(anvil) : await startHardhatNode();
    provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    history = await playHistory(provider, { deposits: 300 });
    dir = mkdtempSync(join(tmpdir(), "dd-indexer-"));
    addressesFile = join(dir, "addresses.json");
    writeFileSync(addressesFile, JSON.stringify(history.addresses));
  });

  after(async function () {
    provider?.destroy();
    await node?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The SDK over the log scan: each edge's released, owed and claimable straight from the vaults' views. */
  const scanned = (runner = provider) => DataDividends.connect(runner, history.addresses);

  for (const storage of ["PGlite", "Postgres"] as const) {
    describe(`on ${storage}`, function () {
      let indexer: RunningIndexer;
      let postgres: RunningPostgres | undefined;

      before(async function () {
        if (storage === "Postgres") postgres = await startPostgres();
        indexer = await startIndexer({
          addresses: addressesFile,
          rpcUrl: node.url,
          ...(postgres ? { databaseUrl: postgres.url } : { pgliteDir: join(dir, `pglite-${storage}`) }),
        });
        await indexer.caughtUp(await provider.getBlockNumber());
      });

      after(async function () {
        await indexer?.stop();
        await postgres?.stop();
      });

      it("says what every account is owed exactly as the vaults' claimable views do, edge by edge", async function () {
        const states = new Set<string>();
        let payable = 0n;
        let deepest = 0;
        const lineage = (await scanned().listModels()).map((m) => ({ id: m.id, parent: m.parent }));
        for (const [name, account] of Object.entries(history.people)) {
          const body = (await (
            await fetch(`${indexer.url}/accounts/${account}/claimable`)
          ).json()) as ClaimableResponse;
          // The hops a claim forwards first: the rulebook's order over every model the log scan finds, no cut.
          expect(body.lineage, name).to.deep.equal(
            forwardsInto(
              lineage,
              body.edges.map((e) => e.model),
            ),
          );
          deepest = Math.max(deepest, body.lineage.length);
          const fromIndexer = await DataDividends.connect(provider, history.addresses, {
            indexer: indexer.url,
          }).claimable(account);
          const fromChain = await scanned().claimable(account);
          expect(sorted(fromIndexer.edges), name).to.deep.equal(sorted(fromChain.edges));
          expect(fromIndexer.totals, name).to.deep.equal(fromChain.totals);
          // And each straight against the vault's own view, not only through the SDK.
          for (const e of body.edges) {
            const vault = RewardVault__factory.connect(e.vault, provider);
            expect(BigInt(e.claimable), `${name} ${e.dataset}`).to.equal(
              await vault.claimable(e.model, e.dataset, e.index),
            );
            expect(BigInt(e.owed)).to.equal(await vault.owed(e.model, e.dataset, e.index));
            expect(BigInt(e.released)).to.equal(await vault.released(e.model, e.dataset, e.index));
            states.add(e.state);
            payable += BigInt(e.claimable);
          }
        }
        // The history leaves every kind of edge behind, so the equality above is not an empty one.
        expect([...states].sort()).to.deep.equal(["cooling-off", "frozen", "payable"]);
        expect(payable > 0n).to.equal(true);
        expect(deepest, "a lineage deeper than 64 hops").to.be.greaterThan(DEEP_LINEAGE);
      });

      it("pays through claimAll with the indexer as the log scan would, and follows the claim", async function () {
        // Each storage's run claims for a different account (the chain is shared).
        const who = storage === "PGlite" ? history.people.gina : history.people.helen;
        const sender = await provider.getSigner(8);
        const dd = DataDividends.connect(sender, history.addresses, { indexer: indexer.url });
        const before = await dd.claimable(who);
        const owed = before.totals.find((t) => t.amount > 0n);
        expect(owed, `${who} is owed something`).to.not.equal(undefined);
        const result = await dd.claimAll(who);
        const paid = result.payments.reduce((s, p) => s + p.paid, 0n);
        // The claim forwards the fine-tune's royalty first, so it pays at least what was claimable.
        expect(paid >= before.totals.reduce((s, t) => s + t.amount, 0n)).to.equal(true);
        await indexer.caughtUp(await provider.getBlockNumber());
        const after = await dd.claimable(who);
        expect(sorted(after.edges)).to.deep.equal(sorted((await scanned().claimable(who)).edges));
        expect(after.edges.filter((e) => e.state === "payable").every((e) => e.claimable === 0n)).to.equal(true);
      });

      it("bounds its SQL endpoint: one SELECT within the planner's estimate, each refusal a 400 naming it", async function () {
        const query = (text: string, params: unknown[] = []) =>
          fetch(`${indexer.url}/sql/db?sql=${encodeURIComponent(JSON.stringify({ json: { sql: text, params } }))}`);
        const refused = async (response: Response, expected: RegExp) => {
          expect(response.status).to.equal(400);
          const { error } = (await response.json()) as { error: string };
          expect(error).to.match(expected);
          expect(error, "no file path in an answer").to.not.match(/\/(work|home|tmp|root)\//);
        };
        const fine = await query("select id, registrant from dataset where total_shares > $1 limit 5", ["0"]);
        expect(fine.status, await fine.clone().text()).to.equal(200);
        // A cross join of the deposits with themselves (a few thousand rows each): refused before it runs.
        await refused(await query("select a.id from deposit a, deposit b"), /^sql: the planner estimates \d+ rows/);
        // One row, much work (the deposits three times over): refused on the estimated cost.
        await refused(
          await query("select count(*) from deposit a, deposit b, deposit c"),
          /^sql: the planner estimates 1 rows at a cost of/,
        );
        await refused(
          await fetch(`${indexer.url}/sql/db?sql=${encodeURIComponent("not json")}`),
          /not a query as @ponder\/client sends it/,
        );
        await refused(await query("select 1; delete from dataset"), /one statement/);
        await refused(await query("delete from dataset"), /only a SELECT/);
        await refused(await query("select * from no_such_table"), /^sql: relation "no_such_table" does not exist/);
        // And it keeps answering and indexing meanwhile: a block mined now is indexed (no wall-clock bound: a
        // loaded machine is slow, not wrong).
        expect((await fetch(`${indexer.url}/status`, { signal: AbortSignal.timeout(10_000) })).status).to.equal(200);
        await provider.send("evm_mine", []);
        await indexer.caughtUp(await provider.getBlockNumber());
      });

      it("computes an answer once per indexed block: concurrent asks share it, later ones get it kept, gzipped on request", async function () {
        // A URL nothing has asked for yet, asked 20 times at once: one computation, shared by the others. (On
        // PGlite a computation runs to its end before the next request is read, its queries needing no I/O, so the
        // others find it kept; on Postgres they arrive while it runs, and share it.)
        const path = `/datasets/${history.datasets.shared}/earnings?limit=13&offset=${storage.length}`;
        const fromPage = { headers: { origin: "http://127.0.0.1:5173" } };
        const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`${indexer.url}${path}`, fromPage)));
        const hows = answers.map((a) => a.headers.get("x-dd-answer"));
        // However it came, a page on another origin may read it (the dashboard is one).
        expect(answers.map((a) => a.headers.get("access-control-allow-origin"))).to.deep.equal(Array(20).fill("*"));
        expect(
          hows.filter((h) => h === "computed"),
          hows.join(" "),
        ).to.have.length(1);
        expect(hows.every((h) => h === "computed" || h === "shared" || h === "kept")).to.equal(true);
        const bodies = await Promise.all(answers.map((a) => a.text()));
        expect(new Set(bodies).size).to.equal(1);
        const checkpoint = answers[0].headers.get("x-dd-checkpoint");
        // Asked again at the same block: kept, byte for byte; gzipped for a client that takes it.
        const again = await fetch(`${indexer.url}${path}`, fromPage);
        expect(again.headers.get("x-dd-answer")).to.equal("kept");
        expect(again.headers.get("access-control-allow-origin")).to.equal("*");
        expect(await again.text()).to.equal(bodies[0]);
        const zipped = await fetch(`${indexer.url}/accounts/${history.people.alice}`, {
          headers: { "accept-encoding": "gzip" },
        });
        const plain = await fetch(`${indexer.url}/accounts/${history.people.alice}`, {
          headers: { "accept-encoding": "identity" },
        });
        expect(zipped.headers.get("content-encoding")).to.equal("gzip");
        expect(plain.headers.get("content-encoding")).to.equal(null);
        expect(await zipped.text()).to.equal(await plain.text()); // fetch unzips
        // A new block is a new checkpoint: computed afresh.
        await provider.send("evm_mine", []);
        await indexer.caughtUp(await provider.getBlockNumber());
        const after = await fetch(`${indexer.url}${path}`);
        expect(after.headers.get("x-dd-checkpoint")).to.not.equal(checkpoint);
        expect(after.headers.get("x-dd-answer")).to.equal("computed");
      });

      it("serves a dataset's earnings, a model's payers, an account's page and GraphQL", async function () {
        const get = async (path: string) => {
          const response = await fetch(`${indexer.url}${path}`);
          expect(response.status, path).to.equal(200);
          return (await response.json()) as Record<string, unknown>;
        };
        const earnings = (await get(`/datasets/${history.datasets.shared}/earnings`)) as {
          credited: { credited: string }[];
          releases: unknown[];
        };
        expect(earnings.credited.length > 0 && earnings.releases.length > 0).to.equal(true);
        const payers = (await get(`/models/${history.models.base}/payers`)) as {
          payers: { payer: string; amount: string }[];
        };
        expect(payers.payers.map((p) => p.payer)).to.include(history.people.payer.toLowerCase());
        // A page at a time: the pages end to end are the whole list, and what each pool credited the dataset
        // adds up to the vault's own `credited` view (each row's share from the pool's inflow after it).
        type Credited = { vault: string; model: string; credited: string; transaction: string };
        type Earnings = { credited: Credited[]; releases: { transaction: string }[]; next?: number };
        const whole = (await get(`/datasets/${history.datasets.shared}/earnings?limit=1000`)) as Earnings;
        expect(whole.next).to.equal(undefined);
        const paged: Earnings = { credited: [], releases: [] };
        for (let offset: number | undefined = 0, pages = 0; offset !== undefined; pages++) {
          expect(pages).to.be.below(200);
          const one = (await get(`/datasets/${history.datasets.shared}/earnings?limit=7&offset=${offset}`)) as Earnings;
          expect(one.credited.length).to.be.at.most(7);
          paged.credited.push(...one.credited);
          paged.releases.push(...one.releases);
          offset = one.next;
        }
        expect(paged.credited).to.deep.equal(whole.credited);
        expect(paged.releases).to.deep.equal(whole.releases);
        const sums = new Map<string, bigint>();
        for (const row of whole.credited) {
          const k = `${row.vault}:${row.model}`;
          sums.set(k, (sums.get(k) ?? 0n) + BigInt(row.credited));
        }
        expect(sums.size).to.be.greaterThan(1);
        for (const [k, sum] of sums) {
          const [vault, model] = k.split(":");
          expect(sum, k).to.equal(
            await RewardVault__factory.connect(vault, provider).credited(model, history.datasets.shared),
          );
        }
        const allPayers = (await get(`/models/${history.models.base}/payers?limit=1000`)) as typeof payers;
        const payerPages: (typeof payers)["payers"] = [];
        for (let offset: number | undefined = 0; offset !== undefined;) {
          const one = (await get(`/models/${history.models.base}/payers?limit=1&offset=${offset}`)) as typeof payers & {
            next?: number;
          };
          payerPages.push(...one.payers);
          offset = one.next;
        }
        expect(payerPages).to.deep.equal(allPayers.payers);
        const badLimit = await fetch(`${indexer.url}/models/${history.models.base}/payers?limit=5000`);
        expect(badLimit.status).to.equal(400);
        expect(((await badLimit.json()) as { error: string }).error).to.match(
          /^limit: "5000": expected a whole number from 0 to 1000/,
        );
        const page = (await get(`/accounts/${history.people.alice}`)) as {
          datasets: { id: string; status: string }[];
          payments: { path: { model: string } }[];
          history: unknown[];
        };
        const status = Object.fromEntries(page.datasets.map((d) => [d.id, d.status]));
        expect(status[history.datasets.fresh]).to.equal("cooling-off");
        expect(status[history.datasets.shared]).to.equal("active");
        expect(page.payments[0].path.model).to.equal(history.models.base);
        expect(page.history.length > 0).to.equal(true);
        const graphql = await fetch(`${indexer.url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: "{ disputes { items { dataset status } } }" }),
        });
        const disputes = (
          (await graphql.json()) as { data: { disputes: { items: { dataset: string; status: string }[] } } }
        ).data.disputes.items;
        expect(disputes.map((d) => `${d.dataset}:${d.status}`).sort()).to.deep.equal(
          // The ruled dataset's dispute was upheld and executed after its appeal window (scripts/history.ts).
          [`${history.datasets.frozen}:open`, `${history.datasets.ruled}:executed`].sort(),
        );
        expect((await fetch(`${indexer.url}/accounts/not-an-address`)).status).to.equal(400);
        expect((await fetch(`${indexer.url}/datasets/0x${"0".repeat(63)}1/earnings`)).status).to.equal(404);
      });

      if (storage === "PGlite") {
        it("rewards claimable --indexer reads it; a wrong URL or another deployment's indexer is refused in one line", async function () {
          const addresses = join(dir, "cli-addresses.json");
          writeFileSync(addresses, JSON.stringify(history.addresses));
          const env = { LOCALHOST_URL: node.url };
          const ok = await hardhat(
            [
              "datadividends",
              "rewards",
              "claimable",
              "--network",
              "localhost",
              "--addresses",
              addresses,
              "--account",
              history.people.alice,
              "--indexer",
              indexer.url,
            ],
            { env },
          );
          expect(ok.code, ok.stderr).to.equal(0);
          expect(ok.stdout).to.match(/total claimable by 0x70997970C51812dc3A010C7d01b50e0d17dc79C8: /);
          const down = await hardhat(
            [
              "datadividends",
              "rewards",
              "claimable",
              "--network",
              "localhost",
              "--addresses",
              addresses,
              "--indexer",
              "http://127.0.0.1:9",
            ],
            { env },
          );
          expect(down.code).to.equal(1);
          expect(down.stderr.trim().split("\n")).to.have.length(1);
          expect(down.stderr).to.match(/the indexer at http:\/\/127\.0\.0\.1:9 cannot be reached/);
          const bad = await hardhat(
            [
              "datadividends",
              "rewards",
              "claimable",
              "--network",
              "localhost",
              "--addresses",
              addresses,
              "--indexer",
              "localhost:42069",
            ],
            { env },
          );
          expect(bad.stderr).to.match(/--indexer must be an http\(s\) URL/);
          // A client of another deployment (other vaults) must not take this indexer's amounts for its own.
          const other = DataDividends.connect(
            provider,
            { ...history.addresses, vault: history.addresses.datasets },
            { indexer: indexer.url },
          );
          const refused = await other.claimable(history.people.alice).catch((e: unknown) => e);
          expect(refused).to.be.instanceOf(DataDividendsError);
          expect((refused as DataDividendsError).message).to.match(/indexes the vaults .*, not this deployment's/);
        });
      }
    });
  }

  describe("while it catches up, and through a node that hangs or refuses (issue 30)", function () {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const json = async <T>(response: Response) => (await response.json()) as T;

    it("answers only what it has indexed: 503 with its progress while catching up, then as of the indexed block", async function () {
      const head = await provider.getBlockNumber();
      // The node holds back the history's blocks (and nothing else) until the test has seen the indexer refuse a
      // few times: a catch-up that cannot finish before the first request, however fast the machine.
      const proxy = await startRpcProxy(node.url);
      proxy.set("hang", (call) => call.method === "eth_getBlockByNumber" && call.params[1] === true);
      const fresh = await startIndexer({
        addresses: addressesFile,
        rpcUrl: proxy.url,
        pgliteDir: join(dir, "pglite-catch-up"),
        waitFor: "listening",
      });
      try {
        const account = history.people.alice;
        let waited = 0;
        let answer: ClaimableResponse | undefined;
        for (const started = Date.now(); answer === undefined;) {
          expect(Date.now() - started, "the indexer catches up within two minutes").to.be.below(120_000);
          const response = await fetch(`${fresh.url}/accounts/${account}/claimable`);
          if (response.status === 200) {
            answer = await json<ClaimableResponse>(response);
            break;
          }
          // Never a figure about a past block: a 503 that says how far it has got, and /sync says the same.
          expect(response.status).to.equal(503);
          const body = await json<CatchingUp>(response);
          expect(body.error).to.match(/^catching up: the chain's history is indexed to block \d+/);
          expect(Number(body.indexed.number)).to.be.at.most(head);
          const sync = await fetch(`${fresh.url}/sync`);
          const syncBody = await json<SyncInfo>(sync);
          if (!syncBody.ready) {
            expect(sync.status).to.equal(503);
            expect(syncBody.reason).to.match(/^catching up/);
          }
          if (++waited === 3) proxy.set("pass");
          await sleep(100);
        }
        expect(waited, "answers refused while the history was being indexed").to.be.at.least(3);
        // Once in, the answer says the block it is true at: what is indexed, and what the vaults' views say there.
        await fresh.caughtUp(head);
        const status = await json<Record<string, { block: { number: number } }>>(await fetch(`${fresh.url}/status`));
        expect(Number(answer.asOf.number)).to.be.at.most(Object.values(status)[0].block.number);
        const fromChain = await scanned().claimable(account);
        const fromIndexer = await DataDividends.connect(provider, history.addresses, { indexer: fresh.url }).claimable(
          account,
        );
        expect(sorted(fromIndexer.edges)).to.deep.equal(sorted(fromChain.edges));
        const sync = await fetch(`${fresh.url}/sync`);
        expect(sync.status).to.equal(200);
        expect(await json<SyncInfo>(sync)).to.include({ ready: true, stale: false });
      } finally {
        await fresh.stop();
        await proxy.stop();
      }
    });

    it("answers without the node, says it is stale while the node hangs or refuses, and follows the chain when it is back", async function () {
      const proxy = await startRpcProxy(node.url);
      const followed = await startIndexer({
        addresses: addressesFile,
        rpcUrl: proxy.url,
        pgliteDir: join(dir, "pglite-hung-node"),
      });
      try {
        await followed.caughtUp(await provider.getBlockNumber());
        expect((await fetch(`${followed.url}/sync`)).status).to.equal(200);
        const before = await json<ClaimableResponse>(
          await fetch(`${followed.url}/accounts/${history.people.bob}/claimable`),
        );

        proxy.set("hang");
        // An account's answer needs no node: it comes at once, the same as before the node hung.
        const started = Date.now();
        const during = await fetch(`${followed.url}/accounts/${history.people.bob}/claimable`, {
          signal: AbortSignal.timeout(5_000),
        });
        expect(during.status).to.equal(200);
        expect(await json<ClaimableResponse>(during)).to.deep.equal(before);
        expect(Date.now() - started).to.be.below(5_000);
        // Health tells the truth within its bound: stale, and why.
        const sync = await fetch(`${followed.url}/sync`, { signal: AbortSignal.timeout(10_000) });
        expect(sync.status).to.equal(503);
        expect(await json<SyncInfo>(sync)).to.deep.include({ stale: true, head: null });
        // The chain moves on while the node hangs for the indexer, past Ponder's 10 s request timeout.
        await provider.send("evm_mine", []);
        await provider.send("evm_mine", []);
        await sleep(12_000);
        proxy.set("refuse");
        const refused = await json<SyncInfo>(await fetch(`${followed.url}/sync`));
        expect(refused.reason).to.equal("the node refused the connection");
        await sleep(3_000);

        // Back: the indexer follows the chain again by itself, and says so.
        proxy.set("pass");
        await followed.caughtUp(await provider.getBlockNumber(), 120_000);
        const back = await fetch(`${followed.url}/sync`);
        expect(back.status).to.equal(200);
        expect(await json<SyncInfo>(back)).to.include({ stale: false });
      } finally {
        await followed.stop();
        await proxy.stop();
      }
    });

    it("resumes after a restart from what it fetched, and keeps a new local history apart from the last", async function () {
      const proxy = await startRpcProxy(node.url);
      const pgliteDir = join(dir, "pglite-restart");
      const head = await provider.getBlockNumber();
      // The blocks asked for by number, and those of them Ponder counts final (more than 30 below the head).
      const blocks = () =>
        proxy
          .calls("eth_getBlockByNumber")
          .map((call) => call.params[0])
          .filter((tag): tag is string => typeof tag === "string" && tag.startsWith("0x"))
          .map(Number);
      const final = () => blocks().filter((block) => block < head - 30);
      let other: RunningNode | undefined;
      let otherProvider: JsonRpcProvider | undefined;
      try {
        const first = await startIndexer({ addresses: addressesFile, rpcUrl: proxy.url, pgliteDir });
        await first.caughtUp(head);
        await first.stop();
        const fetched = final().length;
        // Every block with an event, fetched once.
        expect(fetched).to.be.greaterThan(60);

        proxy.reset();
        const again = await startIndexer({ addresses: addressesFile, rpcUrl: proxy.url, pgliteDir });
        try {
          await again.caughtUp(head);
          // Only the blocks Ponder does not yet count final (its last 30) are asked for again, besides the two it
          // anchors on: where the history starts and the last final block, where it starts to follow the chain.
          expect(final(), `final blocks fetched again, of ${fetched}`).to.have.length.at.most(2);
          const account = history.people.alice;
          const fromIndexer = await DataDividends.connect(provider, history.addresses, {
            indexer: again.url,
          }).claimable(account);
          expect(sorted(fromIndexer.edges)).to.deep.equal(sorted((await scanned().claimable(account)).edges));
        } finally {
          await again.stop();
        }

        // A restarted local node: same chain ID, same addresses, another history. The same folder must not
        // serve the last one's events.
        const anvil = anvilBinary();
        other = anvil !== undefined ? await startAnvil(anvil) : await startHardhatNode();
        otherProvider = new JsonRpcProvider(other.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
        const small = await playHistory(otherProvider, { deposits: 20, deepLineage: 0 });
        expect(small.addresses.vault).to.equal(history.addresses.vault);
        const otherFile = join(dir, "other-history.json");
        writeFileSync(otherFile, JSON.stringify(small.addresses));
        const fresh = await startIndexer({ addresses: otherFile, rpcUrl: other.url, pgliteDir });
        try {
          await fresh.caughtUp(await otherProvider.getBlockNumber());
          const account = small.people.alice;
          const fromIndexer = await DataDividends.connect(otherProvider, small.addresses, {
            indexer: fresh.url,
          }).claimable(account);
          const fromChain = await DataDividends.connect(otherProvider, small.addresses).claimable(account);
          expect(sorted(fromIndexer.edges)).to.deep.equal(sorted(fromChain.edges));
          expect(readdirSync(pgliteDir)).to.have.length(2);
        } finally {
          await fresh.stop();
        }
      } finally {
        otherProvider?.destroy();
        await other?.stop();
        await proxy.stop();
      }
    });
  });

  describe("npm run indexer on the record `npx hardhat datadividends deploy` writes, as the README says", function () {
    const RECORD = "ignition/deployments/chain-31337";
    let local: RunningNode;
    let aside: string | undefined;
    let indexer: RunningIndexer;
    let rpc: JsonRpcProvider;
    let record: Record<string, string>;
    const trees = join(tmpdir(), `dd-indexer-trees-${process.pid}`);
    const env = () => ({ LOCALHOST_URL: local.url });
    const task = async (args: string[]) => {
      const result = await hardhat([...args, "--network", "localhost"], { env: env() });
      expect(result.code, `${args[0]}: ${result.stderr}`).to.equal(0);
      return result.stdout;
    };
    /** Until the indexer has the node's head (asked afresh: ethers caches the block number briefly). */
    const caughtUp = async () => indexer.caughtUp(Number(await rpc.send("eth_blockNumber", [])), 60_000);
    const view = async (account: string) =>
      (await (await fetch(`${indexer.url}/accounts/${account}`)).json()) as {
        asOf: { clock: string };
        datasets: { id: string; status: string }[];
      };

    before(async function () {
      if (process.env.DD_SKIP_E2E === "1") this.skip();
      // A record this checkout already had is put back afterwards.
      if (existsSync(RECORD)) {
        aside = join(dir, "record-aside");
        renameSync(RECORD, aside);
      }
      // `hardhat node`, the README's first line (the history above runs on anvil where it is installed).
      local = await startHardhatNode();
      const deployed = await hardhat(["datadividends", "deploy", "--network", "localhost"], { env: env() });
      expect(deployed.code, deployed.stderr).to.equal(0);
      record = JSON.parse(readFileSync(join(RECORD, "deployed_addresses.json"), "utf8")) as Record<string, string>;
      rpc = new JsonRpcProvider(local.url, undefined, { staticNetwork: true });
      mkdirSync(trees, { recursive: true });
      indexer = await startIndexer({ rpcUrl: local.url, pgliteDir: join(dir, "pglite-record"), trees });
    });

    after(async function () {
      await indexer?.stop();
      rpc?.destroy();
      await local?.stop();
      rmSync(RECORD, { recursive: true, force: true });
      rmSync(trees, { recursive: true, force: true });
      if (aside !== undefined) renameSync(aside, RECORD);
    });

    it("follows the README's walkthrough on hardhat node: datasets registered through the tasks, a model, a deposit", async function () {
      // dataset register mines through the commit delay and the provisional window (22 blocks here).
      // One `hardhat_mine` of that many leaves placeholder blocks with a zero parentHash, at which
      // Ponder stops for good: the tasks must mine blocks an indexer can follow.
      const data = join(dir, "walkthrough-data");
      mkdirSync(data, { recursive: true });
      writeFileSync(join(data, "a.txt"), "what the model read\n");
      const manifest = join(dir, "walkthrough.json");
      await task(["datadividends", "dataset", "hash", data, "--manifest", manifest]);
      const id = (JSON.parse(readFileSync(manifest, "utf8")) as Record<string, string>)["dd:contentHash"];
      const contributor = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
      await task([
        "datadividends",
        "dataset",
        "register",
        "--manifest",
        manifest,
        "--contributors",
        `${contributor}:1`,
      ]);
      await task([
        "datadividends",
        "model",
        "register",
        "--artifact",
        join(data, "a.txt"),
        "--usage",
        `${id}:1`,
        "--uri",
        "ipfs://card",
      ]);
      const models = ModelRegistry__factory.connect(record["ModelRegistry#ModelRegistry"], rpc);
      const [registered] = await models.queryFilter(models.filters.ModelRegistered());
      await task(["datadividends", "rewards", "deposit", "--model", registered.args.id, "--amount", "12.5"]);
      await caughtUp();

      const scan = await task(["datadividends", "rewards", "claimable", "--account", contributor]);
      const indexed = await task([
        "datadividends",
        "rewards",
        "claimable",
        "--account",
        contributor,
        "--indexer",
        indexer.url,
      ]);
      expect(indexed).to.equal(scan);
      expect(indexed).to.contain("12.5");
    });

    it("serves a crowd dataset: a handle's earnings and next step in words, and proofs the SDK claims with", async function () {
      const addresses = {
        token: record["DataRewardToken#DataRewardToken"],
        datasets: record["DatasetRegistry#DatasetRegistry"],
        models: record["ModelRegistry#ModelRegistry"],
        vault: record["RewardVault#RewardVault"],
      };
      const waits = { advanceBlocks: (n: number) => mineBlocks((m, p) => rpc.send(m, p), n) };
      const [owner, member] = [await rpc.getSigner(0), await rpc.getSigner(1)];
      const dd = DataDividends.connect(owner, addresses, { confirmations: 1 });
      const csv = join(dir, "crowd.csv");
      await writeContributorsCsv(csv, [
        { holder: await member.getAddress(), shares: 2 },
        { holder: "hf:crowd-a", shares: 3 },
        { holder: "hf:crowd-b", shares: 5 },
      ]);
      const built = await buildShareTree(csv, trees);
      const tree = await ShareTreeFile.open(built.path);
      const now = BigInt((await rpc.getBlock("latest"))!.timestamp);
      const { id: dataset } = await dd.registerShareTree(
        {
          contentHash: id32("crowd data"),
          metadataURI: "ipfs://crowd",
          tree,
          deadline: now + 86_400n * 90n,
          fallbackAccount: await owner.getAddress(),
        },
        waits,
      );
      await tree.close();
      const model = await dd.registerModel(
        { artifactHash: id32("crowd model"), metadataURI: "ipfs://card", usage: [{ dataset, weight: 1 }] },
        waits,
      );
      await dd.deposit(model.id, 100n * 10n ** 18n);
      await caughtUp();

      const identity = (await (await fetch(`${indexer.url}/identities/HF:Crowd-B`)).json()) as IdentityView;
      expect(identity.handle).to.equal("hf:crowd-b");
      expect(identity.slots).to.have.length(1);
      expect(identity.slots[0]).to.deep.include({
        dataset,
        index: 2,
        standing: "unbound",
        shares: "5",
        totalShares: "10",
      });
      expect(identity.slots[0].owed).to.deep.equal([
        { token: addresses.token.toLowerCase(), model: model.id, amount: String(50n * 10n ** 18n) },
      ]);
      expect(identity.slots[0].next).to.match(
        /^ask an attester to bind hf:crowd-b to a wallet you control before \d{4}-\d{2}-\d{2} \(\d+ days left\)/,
      );
      expect(identity.totals[0]).to.deep.equal({
        token: addresses.token.toLowerCase(),
        amount: String(50n * 10n ** 18n),
      });
      const refused = await fetch(`${indexer.url}/identities/alice`);
      expect(refused.status).to.equal(400);
      expect(((await refused.json()) as { error: string }).error).to.match(/has no namespace/);

      // The member claims with the indexer's proof: no tree file, no proof in hand.
      const source = await indexerTreeSource(indexer.url, dataset);
      expect(source.root).to.equal(built.root);
      const claimed = await DataDividends.connect(member, addresses).claimTreeSlots(
        dataset,
        source,
        await member.getAddress(),
      );
      expect(claimed).to.deep.include({ proved: [0], amount: 20n * 10n ** 18n });
      await caughtUp();
      expect((await view(await member.getAddress())).datasets.map((d) => d.id)).to.include(dataset);
      const missing = await fetch(`${indexer.url}/datasets/${dataset}/slots/3/proof`);
      expect(missing.status).to.equal(404);

      // A ruling replaces the tree (slot 0 was someone else's): the member's slot leaves its view, and the rightful
      // holder claims with the indexer's proof, from the new tree's file, what the slot earned since.
      const [challenger, rightful] = [await rpc.getSigner(5), await rpc.getSigner(6)];
      const rightfulCsv = join(dir, "crowd-rightful.csv");
      await writeContributorsCsv(rightfulCsv, [
        { holder: await rightful.getAddress(), shares: 2 },
        { holder: "hf:crowd-a", shares: 3 },
        { holder: "hf:crowd-b", shares: 5 },
      ]);
      const replacement = await buildShareTree(rightfulCsv, trees);
      await DataDividends.connect(challenger, addresses, { confirmations: 1 }).flag(dataset, 1n, "ipfs://evidence");
      const named = await ShareTreeFile.open(replacement.path);
      await dd.resolveFlag(dataset, {
        ruling: "uphold",
        registrant: await challenger.getAddress(),
        holders: [],
        tree: { tree: named, deadline: now + 86_400n * 120n, fallbackAccount: await owner.getAddress() },
      });
      await named.close();
      await rpc.send("evm_increaseTime", [13 * 86_400]);
      await rpc.send("evm_mine", []);
      await dd.resolveFlag(dataset, { ruling: "execute" });
      await dd.deposit(model.id, 10n * 10n ** 18n);
      await caughtUp();
      expect((await view(await member.getAddress())).datasets.map((d) => d.id)).not.to.include(dataset);
      const rightfulSource = await indexerTreeSource(indexer.url, dataset);
      expect(rightfulSource.root).to.equal(replacement.root);
      const repaid = await DataDividends.connect(rightful, addresses).claimTreeSlots(
        dataset,
        rightfulSource,
        await rightful.getAddress(),
      );
      expect(repaid).to.deep.include({ proved: [0], amount: 2n * 10n ** 18n });
    });

    it("tells a provisional registration, its displacement by an older commitment, and when it is final", async function () {
      // The record's parameters (ignition/parameters/localhost.json): a commit delay of 2 blocks and a
      // window of 20, so a registration stays provisional until 22 blocks after its commitment.
      const registry = DatasetRegistry__factory.connect(record["DatasetRegistry#DatasetRegistry"], rpc);
      const window = Number((await registry.commitDelay()) + (await registry.commitWindow()));
      expect(window).to.be.greaterThan(0);
      const [early, squatter] = [await rpc.getSigner(3), await rpc.getSigner(4)];
      const [honestHolder, squatHolder] = ["0x" + "a1".repeat(20), "0x" + "b2".repeat(20)].map(getAddress);
      const id = id32("indexer/displaced");
      const salt = id32("salt");
      const entry = (holder: string) => ({
        contentHash: id,
        metadataURI: "ipfs://d",
        contributors: [holder],
        shares: [1n],
      });
      const commit = async (signer: JsonRpcSigner) =>
        (
          await registry.connect(signer).commit(await registry.commitmentOf(id, await signer.getAddress(), salt))
        ).wait();
      const mine = (n: number) => mineBlocks((method, params) => rpc.send(method, params), n);

      await commit(early);
      await commit(squatter); // later
      await mine(Number(await registry.commitDelay()));
      await (await registry.connect(squatter).register(entry(squatHolder), salt)).wait();
      await caughtUp();
      expect((await view(squatHolder)).datasets.map((d) => [d.id, d.status])).to.deep.equal([[id, "provisional"]]);

      // The older commitment, revealed inside the window, takes the dataset and clears the squatter's slots.
      await (await registry.connect(early).register(entry(honestHolder), salt)).wait();
      await caughtUp();
      expect((await view(squatHolder)).datasets).to.deep.equal([]);
      expect((await view(honestHolder)).datasets.map((d) => [d.id, d.status])).to.deep.equal([[id, "provisional"]]);
      const displacements = (await (
        await fetch(`${indexer.url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: "{ displacements { items { dataset displaced registrant } } }" }),
        })
      ).json()) as { data: { displacements: { items: { dataset: string; displaced: string; registrant: string }[] } } };
      expect(displacements.data.displacements.items).to.deep.equal([
        {
          dataset: id,
          displaced: (await squatter.getAddress()).toLowerCase(),
          registrant: (await early.getAddress()).toLowerCase(),
        },
      ]);

      // A pause longer than the window stops the registry clock: still provisional, as the registry says (on
      // v2 the indexer compared provisionalUntil with the block number and called it active).
      const admin = await rpc.getSigner(0);
      await (await registry.connect(admin).pause()).wait();
      await mine(window + 5);
      await (await registry.connect(admin).unpause()).wait();
      await caughtUp();
      expect(await registry.statusOf(id)).to.equal(1n); // DatasetStatus.Provisional
      const paused = await view(honestHolder);
      expect(paused.datasets.map((d) => [d.id, d.status])).to.deep.equal([[id, "provisional"]]);
      expect(BigInt(paused.asOf.clock)).to.equal(await registry.clock());

      // Past the window the registration is final (claimDelay is 0 here, so active at once), as the registry says.
      await mine(window);
      await caughtUp();
      expect(await registry.statusOf(id)).to.equal(2n); // DatasetStatus.Active
      expect((await view(honestHolder)).datasets.map((d) => [d.id, d.status])).to.deep.equal([[id, "active"]]);
    });

    it("indexes the recorded deployment, and refuses a busy port or a missing record in one line", async function () {
      const served = (await (await fetch(`${indexer.url}/deployment`)).json()) as {
        addresses: { vault: string; datasets: string };
        tokens: { symbol: string }[];
      };
      expect(served.addresses.vault).to.equal(record["RewardVault#RewardVault"].toLowerCase());
      expect(served.addresses.datasets).to.equal(record["DatasetRegistry#DatasetRegistry"].toLowerCase());
      expect(served.tokens.map((t) => t.symbol)).to.deep.equal(["DDR"]);
      const port = new URL(indexer.url).port;
      const busy = await run(process.execPath, ["--import", "tsx", "scripts/indexer.ts", "--port", port], {
        env: { DD_RPC_URL: local.url },
        timeoutMs: 60_000,
      });
      expect(busy.code).to.equal(1);
      expect(busy.stderr.trim()).to.equal(
        `indexer: port ${port} on 127.0.0.1 is in use; stop what holds it or pass --port`,
      );
      const none = await run(process.execPath, ["--import", "tsx", "scripts/indexer.ts"], {
        env: { DD_RPC_URL: local.url, DD_DEPLOYMENT: join(dir, "nowhere") },
      });
      expect(none.code).to.equal(1);
      expect(none.stderr.trim().split("\n")).to.have.length(1);
      expect(none.stderr).to.match(/^indexer: no deployment record in .*nowhere; deploy first/);
      // A bad setting of the API is refused before Ponder starts, naming the variable and the value.
      const bad = await run(process.execPath, ["--import", "tsx", "scripts/indexer.ts", "--port", "1"], {
        env: { DD_RPC_URL: local.url, DD_STALE_BLOCKS: "ten" },
      });
      expect(bad.code).to.equal(1);
      expect(bad.stderr.trim().split("\n")).to.have.length(1);
      expect(bad.stderr).to.match(/^indexer: DD_STALE_BLOCKS.*"ten".*expected a whole number from 0 to 999999999/);
    });
  });
});
