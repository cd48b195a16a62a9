/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core, the page served by
 * Vite as `npm run dashboard` serves it, reading the indexer (PGlite) over a node with the scripted
 * history. An EIP-1193 provider backed by the node's unlocked account stands in for a browser wallet.
 * Screenshots go to test-artifacts/dashboard/ (not committed).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { JsonRpcProvider, getAddress, id as id32 } from "ethers";
import { chromium, type Browser, type Page } from "playwright-core";

import { METADATA_CID, historyMetadata, playHistory, type History } from "../../scripts/history.js";
import { ShareTreeFile, buildShareTree, writeContributorsCsv } from "../../src/node/share-tree-file.js";
import { DataDividends } from "../../src/sdk/client.js";
import type { SignedClaim } from "../../src/sdk/actions/relay.js";
import type { AccountView } from "../../src/protocol/api.js";
import type { DatasetId, ModelId } from "../../src/protocol/ids.js";
import { DataRewardToken__factory } from "../../src/typechain.js";
import { startIndexer, type RunningIndexer } from "../../tools/indexer.js";
import { freePort, startProcess, waitUntil, type Started } from "../../tools/processes.js";
import { anvilBinary, startAnvil, startHardhatNode, type RunningNode } from "../../tools/nodes.js";

const ROOT = join(import.meta.dirname, "..", "..");
const ARTIFACTS = join(ROOT, "test-artifacts", "dashboard");
/** Debian's package; `.ci/run` installs it when missing (a browser download is not possible here). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** Serious or critical accessibility violations axe-core finds on the page, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate<{ id: string; impact: string; help: string; nodes: number }[]>(
    "window.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length })))",
  );
  return found
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes} element(s))`);
}

describe("dashboard: a contributor's page in headless Chromium", function () {
  this.timeout(300_000);

  let node: RunningNode;
  let provider: JsonRpcProvider;
  let history: History;
  let dir: string;
  let indexer: RunningIndexer;
  let vite: Started;
  let site: string;
  let browser: Browser;
  let page: Page;
  /** An IPFS gateway stand-in serving the history's manifests and model cards (CORS open, as public gateways are). */
  let gateway: Server;
  let gatewayUrl: string;
  /** What the page's wallet signs with: not the contributor (anyone may claim for anyone). */
  let sender: string;
  /** The crowd dataset, and what its handle hf:dana has earned. */
  let crowd: string;
  let danaOwed: bigint;

  before(async function () {
    // Separate processes (node, indexer, browser): nothing for the coverage run to measure.
    if (process.env.DD_SKIP_E2E === "1") this.skip();
    if (!existsSync(CHROMIUM))
      throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    const anvil = anvilBinary();
    node = anvil !== undefined ? await startAnvil(anvil) : await startHardhatNode();
    provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    // The 66-deep lineage is the indexer test's subject; the page needs only the model and its fine-tune.
    history = await playHistory(provider, { deposits: 60, deepLineage: 0 });
    dir = mkdtempSync(join(tmpdir(), "dd-dashboard-"));
    const addresses = join(dir, "addresses.json");
    writeFileSync(addresses, JSON.stringify(history.addresses));
    // A crowd dataset beside the history: 32 slots, most of them people known only by a handle.
    const trees = join(dir, "trees");
    mkdirSync(trees);
    const payer = await provider.getSigner(history.people.payer);
    const dd = DataDividends.connect(payer, history.addresses);
    const csv = join(dir, "crowd.csv");
    const rows = [
      { holder: history.people.carol, shares: 1 },
      ...Array.from({ length: 30 }, (_, i) => ({ holder: `hf:crowd-${i}`, shares: 1 + (i % 3) })),
      { holder: "hf:dana", shares: 4 },
    ];
    await writeContributorsCsv(csv, rows);
    const built = await buildShareTree(csv, trees);
    const tree = await ShareTreeFile.open(built.path);
    const now = BigInt((await provider.getBlock("latest"))!.timestamp);
    crowd = (
      await dd.registerShareTree({
        contentHash: id32("dashboard crowd"),
        metadataURI: "ipfs://crowd",
        tree,
        deadline: now + 90n * 86_400n,
        fallbackAccount: history.people.payer,
      })
    ).id;
    await tree.close();
    const crowdModel = await dd.registerModel({
      artifactHash: id32("crowd model"),
      metadataURI: "ipfs://crowd-card",
      usage: [{ dataset: crowd as DatasetId, weight: 1 }],
    });
    await dd.deposit(crowdModel.id, 1_000n * 10n ** 18n);
    danaOwed = (1_000n * 10n ** 18n * 4n) / BigInt(rows.reduce((sum, r) => sum + r.shares, 0));
    indexer = await startIndexer({ addresses, rpcUrl: node.url, pgliteDir: join(dir, "pglite"), trees });
    await indexer.caughtUp(await provider.getBlockNumber());

    gateway = createServer((req, res) => {
      const prefix = `/ipfs/${METADATA_CID}/`;
      const body = req.url?.startsWith(prefix) ? historyMetadata(req.url.slice(prefix.length)) : undefined;
      res.writeHead(body === undefined ? 404 : 200, { "access-control-allow-origin": "*" });
      res.end(body ?? "not found");
    });
    const gatewayPort = await freePort();
    await new Promise<void>((resolve) => gateway.listen(gatewayPort, "127.0.0.1", resolve));
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;

    const port = await freePort();
    vite = startProcess(
      process.execPath,
      [
        join(ROOT, "node_modules", "vite", "bin", "vite.js"),
        "--config",
        "dashboard/vite.config.ts",
        "--port",
        String(port),
      ],
      { cwd: ROOT },
    );
    site = `http://127.0.0.1:${port}`;
    await waitUntil("the dashboard's Vite server", vite, async () => (await fetch(site)).ok);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    sender = (await provider.listAccounts())[8].address;
    await withWallet(page, sender);
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  after(async function () {
    await browser?.close();
    await new Promise<void>((resolve) => (gateway ? gateway.close(() => resolve()) : resolve()));
    await vite?.stop();
    await indexer?.stop();
    provider?.destroy();
    await node?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The elements that reach past `width` px (each as tag#id and its right edge): what makes a page scroll sideways. */
  async function pastRightEdge(tab: Page, width: number): Promise<string[]> {
    return tab.evaluate(
      `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > ${width} + 0.5).map((e) => \`\${e.tagName.toLowerCase()}\${e.id ? '#' + e.id : ''}.\${e.className} \${Math.round(e.getBoundingClientRect().right)} px\`)`,
    );
  }

  /**
   * A browser wallet for `tab` signing as `account`: every EIP-1193 request goes to the node, which signs for its
   * unlocked accounts. The JSON-RPC answer goes back whole, so that a revert keeps its data (EIP-1193's
   * ProviderRpcError).
   */
  async function withWallet(tab: Page, account: string) {
    await tab.exposeFunction("__nodeRequest", async (method: string, params: unknown[]) => {
      if (method === "eth_requestAccounts" || method === "eth_accounts") return { result: [account] };
      const response = await fetch(node.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      });
      return response.json();
    });
    // A string, not a function: tsx's transform would name-wrap a function with a helper the page lacks.
    await tab.addInitScript({
      content: `window.ethereum = {
        request: async ({ method, params }) => {
          const answer = await window.__nodeRequest(method, params ?? []);
          if (answer.error) throw Object.assign(new Error(answer.error.message), answer.error);
          return answer.result;
        },
        on: () => undefined,
        removeListener: () => undefined,
      };`,
    });
  }

  /** What the claim button says a claim pays, per token (its `data-pays`: token:amount in base units). */
  async function buttonPays(): Promise<Map<string, bigint>> {
    const pays = (await page.locator("#claim").getAttribute("data-pays")) ?? "";
    return new Map(
      pays
        .split(" ")
        .filter((p) => p !== "")
        .map((p) => [p.split(":")[0].toLowerCase(), BigInt(p.split(":")[1])]),
    );
  }

  /** The base units a card shows for `token` (`<data value>`), by field. */
  async function shown(token: string, field: "earned" | "claimed" | "claimable" | "held"): Promise<bigint> {
    const value = await page.locator(`.card[data-token="${token.toLowerCase()}"] .${field} data`).getAttribute("value");
    return BigInt(value!);
  }

  it("shows a contributor what the vaults hold for them, why, and their datasets' standing", async function () {
    const { alice } = history.people;
    await page.goto(
      `${site}/?indexer=${encodeURIComponent(indexer.url)}&gateway=${encodeURIComponent(gatewayUrl)}&account=${alice}`,
    );
    await page.getByRole("heading", { name: /^Account/ }).waitFor();
    // Names from the manifests and model cards, the ID one click away.
    const shared = page.locator(`[data-dataset="${history.datasets.shared}"] h3 .named`);
    expect(await shared.getByRole("button").textContent()).to.equal("Street noise recordings");
    expect(await shared.locator("code").isVisible()).to.equal(false);
    await shared.getByRole("button").click();
    expect(await shared.getByRole("button").getAttribute("aria-expanded")).to.equal("true");
    expect(await shared.locator("code").textContent()).to.equal(history.datasets.shared);
    expect(await page.getByText("City sound forecaster").count()).to.be.greaterThan(0);
    // Amounts rounded as a person reads them, the exact value on hover.
    const card = page.locator(".card .earned data").first();
    expect(await card.textContent()).to.match(/^\d{1,3}(,\d{3})*(\.\d{1,2})? (DDR|USDS)$/);
    expect(await card.getAttribute("title")).to.match(/^\d+\.\d{3,} (DDR|USDS)$/);
    // Every amount explains its token where it is shown, and the block the figures are true at says what it is.
    for (const symbol of ["DDR", "USDS"]) {
      const note = page.locator(".card", { has: page.getByRole("heading", { name: symbol }) }).locator(".token-note");
      expect(await note.textContent()).to.match(
        new RegExp(
          `^${symbol} is (this deployment's own reward token|a token a model owner paid into this deployment's vault for it) \\(contract 0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}, 18 decimals\\)\\. Amounts are rounded`,
        ),
      );
    }
    expect(
      await page.getByText(/^As of block \d+, .*: the newest block of the chain the indexer has read/).count(),
    ).to.equal(1);
    expect(await seriousViolations(page), "accessibility at 1280 px").to.deep.equal([]);
    const chain = await DataDividends.connect(provider, history.addresses).claimable(alice);
    // The page shows the vaults' own views, edge by edge (the SDK's total adds the forwards a claim sends first).
    for (const total of chain.totals) {
      const viewed = chain.edges
        .filter((e) => e.token === total.token)
        .reduce((sum, e) => sum + e.claimable - e.fromForwards, 0n);
      expect(await shown(total.token, "claimable"), total.token).to.equal(viewed);
    }
    // The claim button says what the claim pays: the views and the forwards it sends first, as the SDK counts.
    expect(
      chain.edges.some((e) => e.fromForwards > 0n),
      "a claim that forwards first",
    ).to.equal(true);
    expect(await buttonPays()).to.deep.equal(
      new Map(chain.totals.filter((t) => t.amount > 0n).map((t) => [t.token.toLowerCase(), t.amount])),
    );
    // No sideways scroll on a desktop screen, and dark mode as readable as light.
    expect(
      await page.evaluate("document.documentElement.scrollWidth"),
      `page width at 1280 px; past the edge: ${(await pastRightEdge(page, 1280)).slice(0, 5).join(", ")}`,
    ).to.be.at.most(1280);
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await seriousViolations(page), "accessibility in dark mode at 1280 px").to.deep.equal([]);
    await page.emulateMedia({ colorScheme: "light" });
    // The fresh dataset cools off; the page says so and from when.
    await page.getByText(/is cooling off: what it earns can be claimed from/).waitFor();
    expect(await page.locator(`[data-dataset="${history.datasets.fresh}"] .badge`).textContent()).to.equal(
      "cooling-off",
    );
    // Why she was paid: the path from the model to her share.
    const why = page.getByRole("region", { name: "Why I was paid" });
    expect(await why.getByRole("row").count()).to.be.greaterThan(1);
    expect(await why.locator("ol.path").first().textContent()).to.match(/model .*dataset .*your share #\d/);
    // The chart is an image with a name, and its figures are in a table too.
    expect(await page.getByRole("img", { name: /earned per dataset over time/ }).count()).to.be.greaterThan(0);
    // Labelled controls.
    expect(await page.getByLabel("Contributor account or handle").inputValue()).to.equal(alice);
    await page.screenshot({ path: join(ARTIFACTS, "account.png"), fullPage: true });
  });

  it("claims through the wallet for the contributor, and the balance and the page follow", async function () {
    const { alice } = history.people;
    const chain = await DataDividends.connect(provider, history.addresses).claimable(alice);
    const owed = chain.totals.filter((t) => t.amount > 0n);
    expect(owed.length, "alice is owed something").to.be.greaterThan(0);
    const tokens = owed.map((t) => DataRewardToken__factory.connect(t.token, provider));
    const before = await Promise.all(tokens.map((t) => t.balanceOf(alice)));
    const pays = await buttonPays();
    await page.getByRole("button", { name: /^Claim / }).click();
    // The page says how the claim ended, either way; a failure's own words make the assertion's message.
    const ending = page.getByRole("status").filter({ hasText: /transaction\(s\)\)\.$|failed/ });
    await ending.waitFor({ timeout: 60_000 });
    expect(await ending.textContent()).to.match(/^Paid .* \(\d+ transaction\(s\)\)\.$/);
    const after = await DataDividends.connect(provider, history.addresses).claimable(alice);
    for (const [i, t] of owed.entries()) {
      // Paid to Alice although the wallet is another account: what the button said, to the unit.
      expect((await tokens[i].balanceOf(alice)) - before[i], t.token).to.equal(pays.get(t.token.toLowerCase()));
      expect(await shown(t.token, "claimable")).to.equal(after.totals.find((x) => x.token === t.token)!.amount);
      expect((await shown(t.token, "claimed")) >= t.amount).to.equal(true);
    }
    expect(await page.getByRole("button", { name: "Nothing to claim now" }).isDisabled()).to.equal(true);
    await page.screenshot({ path: join(ARTIFACTS, "after-claim.png"), fullPage: true });
  });

  it("lets a contributor without ETH sign a claim in the page, which a relayer sends for a tip", async function () {
    const { alice, payer } = history.people;
    // Something new for Alice to claim (the test before paid her everything): a deposit into the base model.
    await DataDividends.connect(await provider.getSigner(payer), history.addresses).deposit(
      history.models.base as ModelId,
      7n * 10n ** 18n,
    );
    await indexer.caughtUp(await provider.getBlockNumber());
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      // Another wallet (the page's, not Alice's) is refused: only the contributor's own signs its claim.
      await page.reload();
      await page.getByRole("button", { name: "No ETH? Sign a claim for a relayer" }).click();
      await page
        .getByRole("status")
        .filter({ hasText: /^Signing failed/ })
        .waitFor({ timeout: 30_000 });
      expect(await page.getByRole("status").textContent()).to.match(/only 0x.*'s own wallet can sign its claim/);
      // Her own wallet signs on her page.
      await withWallet(tab, alice);
      await tab.goto(
        `${site}/?indexer=${encodeURIComponent(indexer.url)}&gateway=${encodeURIComponent(gatewayUrl)}&account=${alice}`,
      );
      await tab.getByRole("button", { name: "No ETH? Sign a claim for a relayer" }).click();
      await tab
        .getByRole("status")
        .filter({ hasText: /^Signed \d claim\(s\)|failed/ })
        .waitFor({ timeout: 60_000 });
      expect(await tab.getByRole("status").textContent()).to.match(/^Signed 1 claim\(s\): hand them to a relayer/);
      const signed = JSON.parse(await tab.getByLabel("The claim, to hand to a relayer").inputValue()) as SignedClaim;
      expect(getAddress(signed.account)).to.equal(getAddress(alice));
      expect(await seriousViolations(tab), "accessibility with a signed claim").to.deep.equal([]);
      // A relayer (no relation to Alice) sends it: Alice is paid what it pays less the tip, the relayer the tip.
      const token = DataRewardToken__factory.connect(history.addresses.token, provider);
      const relayerAccount = (await provider.listAccounts())[9].address;
      const [aliceBefore, relayerBefore] = await Promise.all([token.balanceOf(alice), token.balanceOf(relayerAccount)]);
      const relayed = await DataDividends.connect(
        await provider.getSigner(relayerAccount),
        history.addresses,
      ).relayClaim(signed);
      expect((await token.balanceOf(relayerAccount)) - relayerBefore).to.equal(relayed.tip);
      expect(relayed.tip > 0n && relayed.tip <= BigInt(signed.maxTip)).to.equal(true);
      expect((await token.balanceOf(alice)) - aliceBefore).to.equal(relayed.amount - relayed.tip);
    } finally {
      await tab.close();
    }
  });

  it("fits a 390 px phone screen with no serious accessibility violation, and says what happens next", async function () {
    const { bob } = history.people;
    const phone = await browser.newPage({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 1,
      isMobile: true,
    });
    try {
      await phone.goto(
        `${site}/?indexer=${encodeURIComponent(indexer.url)}&gateway=${encodeURIComponent(gatewayUrl)}&account=${bob}`,
      );
      await phone.getByRole("heading", { name: /^Account/ }).waitFor();
      // Bob's second dataset is frozen by an open dispute: the page says who rules and what then.
      await phone.getByText(/What happens next: the deployment's arbiter rules on it/).waitFor();
      expect(await phone.getByText("Harbour camera stills").count()).to.be.greaterThan(0);
      // Nothing wider than the screen (named, so that a failure says what overflows).
      const wide = await phone.evaluate(
        "[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 390.5).map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} ${Math.round(e.getBoundingClientRect().right)} px`)",
      );
      expect(wide, "elements past the right edge at 390 px").to.deep.equal([]);
      expect(await phone.evaluate("document.documentElement.scrollWidth")).to.be.at.most(390);
      expect(await seriousViolations(phone), "accessibility at 390 px").to.deep.equal([]);
      await phone.screenshot({ path: join(ARTIFACTS, "phone-390.png"), fullPage: true });
    } finally {
      await phone.close();
    }
  });

  it("shows a person known only by a handle what they earned, from which dataset, and what to do, at 1280 and 390 px", async function () {
    for (const [width, height] of [
      [1280, 900],
      [390, 844],
    ] as const) {
      const tab = await browser.newPage({
        viewport: { width, height },
        ...(width === 390 ? { isMobile: true, deviceScaleFactor: 1 } : {}),
      });
      try {
        await tab.goto(`${site}/?indexer=${encodeURIComponent(indexer.url)}&handle=HF:Dana`);
        await tab.getByRole("heading", { name: "hf:dana" }).waitFor();
        expect(await tab.locator(".lead").innerText()).to.match(
          /^hf:dana has earned .* DDR that is not paid out yet, from 1 slot\(s\) in 1 dataset\(s\)/,
        );
        expect(BigInt((await tab.locator(".lead data").getAttribute("value"))!)).to.equal(danaOwed);
        await tab.getByText("No wallet yet", { exact: true }).waitFor();
        await tab
          .getByText(/ask an attester to bind hf:dana to a wallet you control before \d{4}-\d{2}-\d{2}/)
          .waitFor();
        await tab.getByText(/DDR is this deployment's own reward token/).waitFor();
        expect(new URL(tab.url()).searchParams.get("handle")).to.equal("hf:dana");
        const wide = await tab.evaluate(
          `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > ${width} + 0.5).map((e) => e.tagName.toLowerCase())`,
        );
        expect(wide, `elements past the right edge at ${width} px`).to.deep.equal([]);
        expect(await seriousViolations(tab), `accessibility of a handle's page at ${width} px`).to.deep.equal([]);
        await tab.emulateMedia({ colorScheme: "dark" });
        expect(await seriousViolations(tab), `accessibility in dark mode at ${width} px`).to.deep.equal([]);
        await tab.screenshot({ path: join(ARTIFACTS, `handle-${width}.png`), fullPage: true });
      } finally {
        await tab.close();
      }
    }
    expect(crowd).to.match(/^0x[0-9a-f]{64}$/);
    await page.goto(`${site}/?indexer=${encodeURIComponent(indexer.url)}&handle=hf:nobody-here`);
    await page.getByText(/Nothing here yet\. hf:nobody-here holds no slot/).waitFor();
    await page.goto(`${site}/?indexer=${encodeURIComponent(indexer.url)}&handle=mastodon:dana`);
    await page.getByText(/handle: "mastodon:dana" has an unknown namespace "mastodon"/).waitFor();
  });

  it("summarises a crowd contributor's 2,000 datasets: one banner line, twenty drawn, the rest on demand", async function () {
    // Alice's own answer made into a crowd contributor's: 2,000 datasets cooling off, one slot in each.
    const real = (await (await fetch(`${indexer.url}/accounts/${history.people.alice}`)).json()) as AccountView;
    const crowdMember = "0x00000000000000000000000000000000000c0d20";
    const template = real.datasets[0];
    const many: AccountView = {
      ...real,
      account: crowdMember,
      datasets: Array.from({ length: 2000 }, (_, i) => ({
        ...template,
        id: `0x${(i + 1).toString(16).padStart(64, "0")}`,
        metadataURI: `ipfs://crowd-${i}`,
        status: "cooling-off",
        payableFrom: String(4_000_000_000 + i),
        openDispute: null,
        disputes: [],
        slots: [{ index: i, shares: "1", totalShares: "2000" }],
        // The first dataset's model is a fine-tune 67 models deep (its parent, then 66 ancestors).
        models:
          i === 0
            ? [
                {
                  ...template.models[0],
                  id: `0x${"d".repeat(64)}`,
                  parent: `0x${"1".padStart(64, "e")}`,
                  ancestors: Array.from({ length: 66 }, (_, k) => `0x${String(k + 2).padStart(64, "e")}`),
                },
              ]
            : [],
      })),
      payments: [],
      history: [],
    };
    let gatewayAsked = 0;
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await tab.route(`${indexer.url}/accounts/**`, (route) =>
        route.fulfill({ json: many, headers: { "access-control-allow-origin": "*" } }),
      );
      await tab.route(`${gatewayUrl}/**`, (route) => {
        gatewayAsked++;
        return route.fulfill({ status: 404, body: "", headers: { "access-control-allow-origin": "*" } });
      });
      await tab.goto(
        `${site}/?indexer=${encodeURIComponent(indexer.url)}&gateway=${encodeURIComponent(gatewayUrl)}&account=${crowdMember}`,
      );
      await tab.getByRole("heading", { name: /^Account/ }).waitFor();
      expect(await tab.getByText("2000 datasets are cooling off").count()).to.equal(1);
      expect(await tab.locator("p.banner:visible").count(), "banners shown before asking").to.equal(0);
      expect(await tab.locator("article.dataset").count()).to.equal(20);
      expect(gatewayAsked, "names read for the datasets drawn (and their one model) only").to.be.at.most(21);
      // A 66-deep lineage in a line: the parent once, the next ancestor, how many more, the base.
      const lineage = tab.locator('td[data-label="Lineage"]').first();
      expect(await lineage.textContent()).to.match(/^fine-tune of .+ ← .+ ← 64 more ← base .+$/);
      expect(await lineage.locator("button, a, [tabindex]").count(), "tab stops in the lineage").to.be.at.most(3);
      expect(await tab.evaluate("document.querySelectorAll('*').length"), "DOM nodes").to.be.below(3_000);
      expect(await seriousViolations(tab), "accessibility of the summary").to.deep.equal([]);
      // The rest on demand, the keyboard's place kept.
      await tab.getByRole("button", { name: "Show the other 1980 datasets" }).click();
      await tab.locator("article.dataset").nth(1999).waitFor();
      expect(await tab.locator("article.dataset").count()).to.equal(2000);
      expect(await tab.evaluate("document.activeElement?.closest('article')?.dataset.dataset")).to.equal(
        many.datasets[20].id,
      );
      await tab.getByText("Show the 2000").click();
      expect(await tab.locator("p.banner:visible").count()).to.equal(2000);
    } finally {
      await tab.close();
    }
  });

  it("says so plainly for an account with nothing, and when the indexer cannot be reached", async function () {
    const stranger = "0x000000000000000000000000000000000000dEaD";
    await page.goto(`${site}/?indexer=${encodeURIComponent(indexer.url)}&account=${stranger}`);
    await page.getByText("Nothing here yet.").waitFor();
    expect(await seriousViolations(page), "accessibility of the empty state").to.deep.equal([]);
    await page.goto(`${site}/?indexer=${encodeURIComponent("http://127.0.0.1:9")}&account=${stranger}`);
    await page
      .getByText(/the indexer at http:\/\/127\.0\.0\.1:9 cannot be reached: is `npm run indexer` running\?/)
      .waitFor();
  });

  it("says in one line what is wrong with a malformed account", async function () {
    await page.getByLabel("Contributor account or handle").fill("0x1234");
    await page.getByRole("button", { name: "Show earnings" }).click();
    // The input's own pattern refuses it before any request.
    expect(
      await page
        .getByLabel("Contributor account or handle")
        .evaluate((el) => (el as unknown as { validity: { patternMismatch: boolean } }).validity.patternMismatch),
    ).to.equal(true);
  });
});
