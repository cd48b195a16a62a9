/**
 * The contributor dashboard: one account's datasets, the models that use them, what they earned and
 * why, and a claim button that sends the batched claim (lineage forwards included) through the
 * browser wallet (EIP-1193). Everything shown comes from the indexer; the claim goes through the SDK.
 */
import { BrowserProvider, formatUnits, getAddress, isAddress, type Eip1193Provider } from "ethers";

import { earningsChart } from "./chart.js";
import { nameOf } from "./names.js";
import type { AccountView, CatchingUp, DeploymentInfo, IdentityView, TokenInfo } from "../../src/protocol/api.js";

declare global {
  interface Window {
    ethereum?: Eip1193Provider;
  }
}

const params = new URLSearchParams(location.search);
const indexer = (
  params.get("indexer") ??
  (import.meta.env.VITE_INDEXER_URL as string | undefined) ??
  "http://127.0.0.1:42069"
).replace(/\/$/, "");

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>("lookup");
const input = $<HTMLInputElement>("account");
const statusLine = $<HTMLParagraphElement>("status");
const view = $<HTMLDivElement>("view");
$("indexer-url").textContent = indexer;
/** Where `ipfs://` metadata is read from (`?gateway=`; default a public gateway). */
const gateway = params.get("gateway") ?? (import.meta.env.VITE_IPFS_GATEWAY as string | undefined) ?? "https://ipfs.io";

/** Escapes text for HTML (metadata URIs and evidence links are anyone's strings). */
const esc = (value: unknown) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const short = (hex: string) => `${hex.slice(0, 6)}…${hex.slice(-4)}`;
const idCell = (hex: string) => `<span class="id" title="${esc(hex)}">${esc(short(hex))}</span>`;
/** Names read from the metadata of the datasets and models on the page, by ID. */
let names = new Map<string, string>();
/** A dataset or model by its name, the ID one click away; by its short ID where no name was found. */
const label = (hex: string) => {
  const name = names.get(hex.toLowerCase());
  return name === undefined
    ? idCell(hex)
    : `<span class="named"><button type="button" class="name" aria-expanded="false" title="Show its ID">${esc(name)}</button><code class="id" hidden>${esc(hex)}</code></span>`;
};
/**
 * Reads the names of the datasets drawn (the first `SHOWN`, or those given) and their models (each bounded; an
 * unreadable one keeps its ID).
 */
async function readNames(data: AccountView, datasets = data.datasets.slice(0, SHOWN)): Promise<Map<string, string>> {
  const uris = new Map<string, string>();
  for (const d of datasets) {
    uris.set(d.id.toLowerCase(), d.metadataURI);
    for (const m of d.models) uris.set(m.id.toLowerCase(), m.metadataURI);
  }
  const found = await Promise.all([...uris].map(async ([id, uri]) => [id, await nameOf(uri, gateway)] as const));
  return new Map(found.filter((f): f is readonly [string, string] => f[1] !== undefined));
}
const when = (seconds: string | number) => new Date(Number(seconds) * 1000).toLocaleString();

function say(text: string, error = false) {
  statusLine.textContent = text;
  statusLine.classList.toggle("error", error);
}

async function get<T>(path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${indexer}${path}`, { signal: AbortSignal.timeout(15_000) });
  } catch {
    throw new Error(`the indexer at ${indexer} cannot be reached: is \`npm run indexer\` running?`);
  }
  const body = (await response.json().catch(() => ({}))) as T & Partial<CatchingUp>;
  if (response.status === 503 && body.indexed !== undefined) throw new CatchingUpError(body.indexed.number);
  if (!response.ok) throw new Error(body.error ?? `the indexer answered ${response.status}`);
  return body;
}

/** The indexer is still indexing the chain's history: its figures would be about a past block. */
class CatchingUpError extends Error {
  constructor(readonly block: string) {
    super(`The indexer is catching up with the chain (its history is indexed to block ${block}).`);
  }
}

/**
 * Says the indexer is catching up instead of showing figures about a past block, clears what was shown, and asks
 * again in a few seconds.
 */
function catchingUp(error: CatchingUpError, again: () => void) {
  view.innerHTML = "";
  say(`${error.message} Your figures appear when it is done; checking again in 3 seconds.`);
  setTimeout(again, 3_000);
}

let deployment: DeploymentInfo | undefined;
const tokenOf = (address: string): TokenInfo =>
  deployment?.tokens.find((t) => t.address.toLowerCase() === address.toLowerCase()) ?? {
    address,
    symbol: short(address),
    decimals: 18,
  };
/** A token amount as a person reads it: two decimals (more only for a tiny amount), in the viewer's locale. */
function rounded(value: bigint, decimals: number): string {
  const n = Number(formatUnits(value, decimals));
  const digits = n !== 0 && Math.abs(n) < 0.01 ? 6 : 2;
  return new Intl.NumberFormat(undefined, { maximumFractionDigits: digits }).format(n);
}
/** An amount with its symbol, rounded; the exact value on hover and the base units in `value` (for tests, copy-paste). */
const amount = (value: string | bigint, token: string) => {
  const t = tokenOf(token);
  const exact = `${formatUnits(BigInt(value), t.decimals)} ${t.symbol}`;
  return `<data value="${esc(value)}" title="${esc(exact)}">${esc(rounded(BigInt(value), t.decimals))} ${esc(t.symbol)}</data>`;
};

/** How many payments the indexer lists, newest first (`/accounts/:account`); the totals count them all. */
const PAYMENTS_LISTED = 200;

/**
 * What a token is, in one line under its figures: whose token it is, its contract, and how its amounts are shown
 * (a symbol alone, "DDR" or "USDS", told a contributor nothing).
 */
function tokenNote(token: string): string {
  const t = tokenOf(token);
  const own = t.address.toLowerCase() === deployment?.addresses.token.toLowerCase();
  const what = own
    ? "this deployment's own reward token"
    : "a token a model owner paid into this deployment's vault for it";
  return `<p class="help token-note">${esc(t.symbol)} is ${what} (contract ${idCell(t.address)}, ${esc(t.decimals)} decimals). Amounts are rounded; point at one for the exact figure.</p>`;
}

/** "As of block N": which block the figures are true at, said so that a block number means something. */
const asOfLine = (asOf: { number: string | number; timestamp: string | number }) =>
  `As of block ${asOf.number}, ${when(asOf.timestamp)}: the newest block of the chain the indexer has read (it reads new ones within seconds; reload to see them).`;

/**
 * A fine-tune's lineage in a line: its parent, the next ancestor, and past that how many more down to the base
 * model (a 66-deep chain was 66 buttons in every row). `ancestors` is nearest first and starts with the parent.
 */
function lineageText(parent: string, ancestors: readonly string[]): string {
  const above = ancestors[0]?.toLowerCase() === parent.toLowerCase() ? ancestors.slice(1) : [...ancestors];
  const shown = above.slice(0, 1).map((a) => ` ← ${label(a)}`);
  const rest = above.length - shown.length;
  const base = above[above.length - 1];
  return `fine-tune of ${label(parent)}${shown.join("")}${
    rest > 1 ? ` ← ${rest - 1} more ← base ${label(base)}` : rest === 1 ? ` ← ${label(base)}` : ""
  }`;
}

/** One dataset the account holds a share of: its standing, its slots, the models that declared it. */
function datasetArticle(d: AccountView["datasets"][number]): string {
  const slots = d.slots.map((s) => `#${s.index} (${s.shares}/${s.totalShares})`).join(", ");
  const models = d.models.length
    ? `<table><caption class="visually-hidden">Models that declared dataset ${esc(d.id)}</caption>
        <thead><tr><th scope="col">Model</th><th scope="col" class="num">Weight</th><th scope="col">Lineage</th><th scope="col">Card</th></tr></thead>
        <tbody>${d.models
          .map(
            (
              m,
            ) => `<tr><td data-label="Model">${label(m.id)}</td><td class="num" data-label="Weight">${esc(m.weight)}/${esc(m.totalWeight)}</td>
              <td data-label="Lineage">${m.parent ? lineageText(m.parent, m.ancestors) : "base model"}</td>
              <td data-label="Card"><a href="${esc(m.metadataURI)}">model card</a></td></tr>`,
          )
          .join("")}</tbody></table>`
    : `<p>No model has declared it yet.</p>`;
  return `<article class="dataset" data-dataset="${esc(d.id)}">
      <h3>${label(d.id)} <span class="badge ${esc(d.status)}">${esc(d.status)}</span></h3>
      <p>Your share slots: ${esc(slots)} · <a href="${esc(d.metadataURI)}">manifest</a>${
        d.disputes.length
          ? ` · ${d.disputes.length} dispute(s): ${d.disputes.map((x) => esc(x.status)).join(", ")}`
          : ""
      }</p>
      ${models}
    </article>`;
}

/** Datasets drawn at first (with their names read); the rest on demand, a crowd's contributor holds hundreds. */
const SHOWN = 20;

/** Banners of one kind shown one by one; past this many, one line says how many, the list on demand. */
const FEW = 3;

/** What a frozen, cooling-off or provisional dataset means for its contributor, and what happens next. */
function banner(d: AccountView["datasets"][number], asOf: AccountView["asOf"]): string {
  if (d.status === "frozen") {
    const dispute = d.openDispute;
    return `<p class="banner frozen" role="alert">Dataset ${label(d.id)} is <strong>frozen</strong> by a dispute${
      dispute ? ` opened ${esc(when(dispute.openedAt))} (<a href="${esc(dispute.evidenceURI)}">evidence</a>)` : ""
    }. What happens next: the deployment's arbiter rules on it; if nobody rules before the dispute times out, anyone can end it. Its earnings keep accruing meanwhile and are paid to whoever the outcome names.</p>`;
  }
  if (d.status === "cooling-off") {
    return `<p class="banner">Dataset ${label(d.id)} is <strong>cooling off</strong>: what it earns can be claimed from ${esc(when(d.payableFrom))}. What happens next: nothing to do; from then on it pays like any other.</p>`;
  }
  // provisionalUntil is in the registry clock (blocks in which registration was not paused), not a block number.
  const left = BigInt(d.provisionalUntil) - BigInt(asOf.clock) + 1n;
  return `<p class="banner">Dataset ${label(d.id)} is <strong>provisional</strong> for ${esc(left)} more block(s) of open registration (registry clock ${esc(d.provisionalUntil)}; it stands still while registration is paused): an older commitment may still replace it.</p>`;
}

function render(data: AccountView) {
  // What a claim pays: the vaults' claimable views plus what the royalty forwards it sends first add.
  const claimable = data.tokens.filter((t) => BigInt(t.claimPays) > 0n);
  const banners = (["frozen", "cooling-off", "provisional"] as const)
    .map((status) => {
      const these = data.datasets.filter((d) => d.status === status);
      if (these.length <= FEW) return these.map((d) => banner(d, data.asOf)).join("");
      // Many of one kind (a crowd's contributor holds hundreds): one line that says so, the list on demand.
      const first = these.reduce((a, b) => (BigInt(b.payableFrom) < BigInt(a.payableFrom) ? b : a));
      const summary =
        status === "frozen"
          ? `<strong>${these.length} datasets are frozen</strong> by disputes: their earnings keep accruing and are paid to whoever each outcome names.`
          : status === "cooling-off"
            ? `<strong>${these.length} datasets are cooling off</strong>: the first can be claimed from ${esc(when(first.payableFrom))}; nothing to do meanwhile.`
            : `<strong>${these.length} datasets are provisional</strong>: an older commitment may still replace each.`;
      return `<div class="banner${status === "frozen" ? " frozen" : ""}"${status === "frozen" ? ' role="alert"' : ""}><p>${summary}</p>
        <details data-status="${status}"><summary>Show the ${these.length}</summary></details></div>`;
    })
    .join("");

  const cards = data.tokens
    .map(
      (t) => `<div class="card" data-token="${esc(t.token)}">
        <h3>${esc(tokenOf(t.token).symbol)}</h3>
        <dl>
          <dt>Earned</dt><dd class="earned">${amount(t.earned, t.token)}</dd>
          <dt>Claimed</dt><dd class="claimed">${amount(t.claimed, t.token)}</dd>
          <dt>Claimable now</dt><dd class="claimable">${amount(t.claimable, t.token)}</dd>
          <dt>Held back</dt><dd class="held">${amount(BigInt(t.owed) - BigInt(t.claimable), t.token)}</dd>
        </dl>
        ${tokenNote(t.token)}
      </div>`,
    )
    .join("");

  const shownDatasets = data.datasets.slice(0, SHOWN).map(datasetArticle).join("");
  const hiddenDatasets = data.datasets.length - SHOWN;
  const datasets =
    hiddenDatasets > 0
      ? `${shownDatasets}<p><button type="button" id="more-datasets">Show the other ${hiddenDatasets} datasets</button></p>`
      : shownDatasets;

  const payments = data.payments.length
    ? `<table><caption class="visually-hidden">Payments received, newest first</caption>
        <thead><tr><th scope="col">When</th><th scope="col" class="num">Amount</th><th scope="col">Why: the path it came by</th><th scope="col">Transaction</th></tr></thead>
        <tbody>${data.payments
          .map((p) => {
            const steps = [
              ...p.path.fedBy.map(
                (f) => `royalties of fine-tune ${label(f.model)} (${amount(f.forwarded, p.token)} forwarded)`,
              ),
              `model ${label(p.path.model)}`,
              `dataset ${label(p.path.dataset)}${p.path.weight === null ? "" : ` (weight ${esc(p.path.weight)}/${esc(p.path.totalWeight)})`}`,
              `your share #${esc(p.path.index)}${p.path.shares === null ? "" : ` (${esc(p.path.shares)}/${esc(p.path.totalShares)})`}`,
            ];
            return `<tr><td data-label="When">${esc(when(p.timestamp))}</td><td class="num" data-label="Amount">${amount(p.amount, p.token)}</td>
              <td data-label="Why"><ol class="path">${steps.map((s) => `<li>${s}</li>`).join("")}</ol></td><td data-label="Transaction">${idCell(p.transaction)}</td></tr>`;
          })
          .join("")}</tbody></table>`
    : `<p>Nothing paid to this account yet.</p>`;

  const charts = data.tokens
    .map((t) =>
      earningsChart(
        data.history.filter((h) => h.token === t.token),
        tokenOf(t.token),
        (dataset) => names.get(dataset.toLowerCase()),
      ),
    )
    .filter((html) => html !== "")
    .join("");

  const total = claimable.map(
    (t) => `${rounded(BigInt(t.claimPays), tokenOf(t.token).decimals)} ${tokenOf(t.token).symbol}`,
  );
  const nothing = data.datasets.length === 0 && data.tokens.every((t) => BigInt(t.earned) === 0n);
  if (nothing) {
    view.innerHTML = `
    <section aria-labelledby="summary-h" class="empty">
      <h2 id="summary-h">Account <span class="id">${esc(getAddress(data.account))}</span></h2>
      <p><strong>Nothing here yet.</strong> This account holds no share of any registered dataset.</p>
      <p>When a dataset names it as a contributor and a model that used the dataset is paid, what it earned
      appears here, with where it came from and a button to collect it. Registering a dataset:
      <code>npx hardhat datadividends dataset register</code>.</p>
    </section>`;
    return;
  }
  view.innerHTML = `
    <section aria-labelledby="summary-h">
      <h2 id="summary-h">Account <span class="id">${esc(getAddress(data.account))}</span></h2>
      ${banners}
      <div class="cards">${cards}</div>
      <p><button type="button" class="primary" id="claim" ${claimable.length ? "" : "disabled"}
        data-pays="${esc(claimable.map((t) => `${t.token}:${t.claimPays}`).join(" "))}"
        aria-describedby="claim-help">${claimable.length ? `Claim ${esc(total.join(" + "))}` : "Nothing to claim now"}</button></p>
      <p id="claim-help" class="help">Sends one transaction per token from your wallet; the tokens go to ${esc(short(data.account))}.</p>
      ${
        claimable.length
          ? `<p><button type="button" id="sign-claim" aria-describedby="sign-help">No ETH? Sign a claim for a relayer</button></p>
      <p id="sign-help" class="help">Your wallet signs (nothing is sent, no gas): whoever sends the signed claim pays the gas and takes at most a tenth of it as a tip; the rest goes to ${esc(short(data.account))}.</p>
      <div id="signed" aria-live="polite"></div>`
          : ""
      }
    </section>
    <section aria-labelledby="chart-h"><h2 id="chart-h">Earnings over time</h2>${charts || "<p>No earnings yet.</p>"}</section>
    <section aria-labelledby="datasets-h"><h2 id="datasets-h">Datasets</h2>${datasets || "<p>This account holds no share of any dataset.</p>"}</section>
    <section aria-labelledby="payments-h"><h2 id="payments-h">Why I was paid</h2>${
      data.payments.length >= PAYMENTS_LISTED
        ? `<p class="help">The newest ${PAYMENTS_LISTED} payments; "Claimed" above counts every one.</p>`
        : ""
    }${payments}</section>`;
  $<HTMLButtonElement>("claim").addEventListener("click", () => void claim(data.account));
  document.getElementById("sign-claim")?.addEventListener("click", () => void signForRelayer(data));
  document.getElementById("more-datasets")?.addEventListener("click", () => void moreDatasets(data));
  // A collapsed list of banners is drawn when first opened (two thousand of them are 6,000 nodes).
  for (const details of view.querySelectorAll<HTMLDetailsElement>("details[data-status]")) {
    details.addEventListener(
      "toggle",
      () => {
        const these = data.datasets.filter((d) => d.status === details.dataset.status);
        details.insertAdjacentHTML("beforeend", these.map((d) => banner(d, data.asOf)).join(""));
      },
      { once: true },
    );
  }
}

/** What each word of a standing means for the person, in one line. */
const STANDING: Record<IdentityView["slots"][number]["standing"], string> = {
  unbound: "No wallet yet",
  pending: "Wallet being linked",
  bound: "Linked to a wallet",
  swept: "Passed to the dataset's fallback",
};

/** A crowd contributor known by a handle: what they earned, from which datasets and models, and what to do. */
function renderIdentity(data: IdentityView) {
  const totals = data.totals.filter((t) => BigInt(t.amount) > 0n);
  const datasets = new Set(data.slots.map((s) => s.dataset)).size;
  const summary =
    data.slots.length === 0
      ? `<p class="empty">Nothing here yet. ${esc(data.handle)} holds no slot in a crowd dataset this indexer has the published tree of.</p>`
      : `<p class="lead">${esc(data.handle)} has earned ${
          totals.length ? totals.map((t) => amount(t.amount, t.token)).join(" and ") : "nothing yet"
        } that is not paid out yet, from ${data.slots.length} slot(s) in ${datasets} dataset(s). ${
          totals.length
            ? "Earnings accrue to your handle from the first payment, whether or not you have a wallet: nothing is lost by waiting, until each dataset's deadline."
            : ""
        }</p>`;
  const tokensLine = totals.map((t) => tokenNote(t.token)).join("");
  const rows = data.slots
    .map((s) => {
      const earned = s.owed.length
        ? s.owed.map((o) => `${amount(o.amount, o.token)} through model ${label(o.model)}`).join("<br />")
        : "nothing yet";
      return `<tr>
        <td data-label="Dataset">${label(s.dataset)}</td>
        <td data-label="Slot">${esc(s.index)}</td>
        <td data-label="Shares">${esc(s.shares)} of ${esc(s.totalShares)}</td>
        <td data-label="Earned, not yet paid">${earned}</td>
        <td data-label="What to do"><strong>${esc(STANDING[s.standing])}</strong><p class="next">${esc(s.next)}</p></td>
      </tr>`;
    })
    .join("");
  view.innerHTML = `<section aria-labelledby="identity-heading">
      <h2 id="identity-heading">${esc(data.handle)}</h2>
      ${summary}
      ${tokensLine}
      ${
        data.slots.length
          ? `<div class="table-wrap"><table>
              <caption>Your slots in crowd datasets</caption>
              <thead><tr><th scope="col">Dataset</th><th scope="col">Slot</th><th scope="col">Shares</th><th scope="col">Earned, not yet paid</th><th scope="col">What to do</th></tr></thead>
              <tbody>${rows}</tbody>
            </table></div>`
          : ""
      }
    </section>`;
}

async function showIdentity(handle: string) {
  say("Loading…");
  try {
    deployment ??= await get<DeploymentInfo>("/deployment");
    const data = await get<IdentityView>(`/identities/${encodeURIComponent(handle)}`);
    names = new Map();
    renderIdentity(data);
    say(asOfLine(data.asOf));
    const url = new URL(location.href);
    url.searchParams.delete("account");
    url.searchParams.set("handle", data.handle);
    history.replaceState(null, "", url);
  } catch (error) {
    if (error instanceof CatchingUpError) return catchingUp(error, () => void showIdentity(handle));
    say(error instanceof Error ? error.message : String(error), true);
  }
}

/** Draws the datasets past the first `SHOWN`, with their names, where the button for them was. */
async function moreDatasets(data: AccountView) {
  const button = $<HTMLButtonElement>("more-datasets");
  button.disabled = true;
  button.textContent = "Loading…";
  const rest = data.datasets.slice(SHOWN);
  for (const [id, name] of await readNames(data, rest)) names.set(id, name);
  button.parentElement!.outerHTML = rest.map(datasetArticle).join("");
  // Where the button was, for the keyboard: the first of the datasets it brought.
  const first = view.querySelector<HTMLElement>(`[data-dataset="${rest[0].id}"] h3`);
  if (first !== null) {
    first.tabIndex = -1;
    first.focus();
  }
}

async function show(account: string) {
  const handle = account.includes(":") || account.includes("@");
  if (!isAddress(account)) {
    if (handle) {
      await showIdentity(account);
      return;
    }
    say(
      `"${account}" is neither an account address (0x followed by 40 hex digits) nor a handle (hf:…, github:…, orcid:…, an e-mail)`,
      true,
    );
    return;
  }
  say("Loading…");
  try {
    deployment ??= await get<DeploymentInfo>("/deployment");
    const data = await get<AccountView>(`/accounts/${getAddress(account)}`);
    names = await readNames(data);
    render(data);
    say(asOfLine(data.asOf));
    const url = new URL(location.href);
    url.searchParams.set("account", getAddress(account));
    history.replaceState(null, "", url);
  } catch (error) {
    if (error instanceof CatchingUpError) return catchingUp(error, () => void show(account));
    say(error instanceof Error ? error.message : String(error), true);
  }
}

/** The wallet, on the deployment's chain, or a message saying what to do. */
async function wallet(): Promise<BrowserProvider> {
  if (window.ethereum === undefined)
    throw new Error("No browser wallet found: install one, or claim with `npx hardhat datadividends rewards claim`.");
  deployment ??= await get<DeploymentInfo>("/deployment");
  const provider = new BrowserProvider(window.ethereum);
  let chainId: bigint;
  try {
    await provider.send("eth_requestAccounts", []);
    ({ chainId } = await provider.getNetwork());
  } catch (error) {
    throw new Error(
      `Your wallet cannot reach its node (${error instanceof Error ? error.message.split("\n")[0] : String(error)}): check its network settings, then try again.`,
      { cause: error },
    );
  }
  if (Number(chainId) !== deployment.chainId) {
    throw new Error(
      `Your wallet is on chain ${chainId}; switch it to chain ${deployment.chainId}, where this deployment lives.`,
    );
  }
  return provider;
}

async function claim(account: string) {
  const button = $<HTMLButtonElement>("claim");
  button.disabled = true;
  try {
    const provider = await wallet();
    say("Confirm the claim in your wallet…");
    // The SDK (contract bindings included) loads only for a claim: looking costs no download of it.
    const { DataDividends } = await import("../../src/index.js");
    const dd = DataDividends.connect(await provider.getSigner(), deployment!.addresses, {
      indexer,
    });
    const result = await dd.claimAll(account);
    const paid = result.payments.map((p) => `${rounded(p.paid, tokenOf(p.token).decimals)} ${tokenOf(p.token).symbol}`);
    say(paid.length ? `Paid ${paid.join(" + ")} to ${short(account)}; waiting for the indexer…` : "Nothing was owed.");
    // The indexer follows once it has indexed the block of the last claim transaction.
    const receipts = await Promise.all(result.transactions.map((hash) => provider.getTransactionReceipt(hash)));
    const block = Math.max(0, ...receipts.map((r) => r?.blockNumber ?? 0));
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      const status = await get<Record<string, { block?: { number: number } }>>("/status");
      if (Object.values(status).some((s) => (s.block?.number ?? 0) >= block)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const data = await get<AccountView>(`/accounts/${getAddress(account)}`);
    render(data);
    say(
      paid.length
        ? `Paid ${paid.join(" + ")} to ${short(account)} (${result.transactions.length} transaction(s)).`
        : "Nothing was owed.",
    );
  } catch (error) {
    // The SDK's errors (DataDividendsError) carry a one-line message that says what to do next.
    say(`Claim failed: ${error instanceof Error ? error.message : String(error)}`, true);
    button.disabled = false;
  }
}

/**
 * Signs, with the contributor's own wallet, one claim per token for a relayer to send (EIP-712; nothing is sent,
 * no ETH needed): what the claim pays, a tip of at most a tenth of it, valid a week. Each is shown as the JSON the
 * relayer takes (`npx hardhat datadividends rewards relay --claim <file>`, or a keeper's folder), to copy or save.
 */
async function signForRelayer(data: AccountView) {
  const button = $<HTMLButtonElement>("sign-claim");
  const out = $<HTMLDivElement>("signed");
  button.disabled = true;
  try {
    const provider = await wallet();
    const signer = await provider.getSigner();
    if (getAddress(await signer.getAddress()) !== getAddress(data.account)) {
      throw new Error(
        `only ${short(data.account)}'s own wallet can sign its claim; the wallet is ${short(await signer.getAddress())}`,
      );
    }
    say("Sign the claim in your wallet (nothing is sent)…");
    const { DataDividends } = await import("../../src/index.js");
    const dd = DataDividends.connect(signer, deployment!.addresses, { indexer });
    const parts: string[] = [];
    for (const t of data.tokens.filter((x) => BigInt(x.claimPays) > 0n)) {
      const signed = await dd.signClaim({ token: t.token, maxTip: BigInt(t.claimPays) / 10n, maxTipBps: 1_000 });
      const json = JSON.stringify(signed, null, 2);
      const symbol = tokenOf(t.token).symbol;
      const href = URL.createObjectURL(new Blob([json], { type: "application/json" }));
      parts.push(`<section class="signed-claim" data-token="${esc(t.token.toLowerCase())}">
        <h3>Signed claim of ${amount(t.claimPays, t.token)}</h3>
        <p>A relayer may take at most ${amount(BigInt(t.claimPays) / 10n, t.token)}; it expires ${esc(when(signed.deadline))}.
        <a href="${esc(href)}" download="claim-${esc(symbol)}.json">Save claim-${esc(symbol)}.json</a></p>
        <label>The claim, to hand to a relayer<textarea readonly rows="6">${esc(json)}</textarea></label>
      </section>`);
    }
    out.innerHTML = parts.join("");
    say(`Signed ${parts.length} claim(s): hand them to a relayer; nothing was sent.`);
  } catch (error) {
    say(`Signing failed: ${error instanceof Error ? error.message : String(error)}`, true);
  } finally {
    button.disabled = false;
  }
}

// A name's button shows (and hides) the ID it stands for.
view.addEventListener("click", (event) => {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>("button.name");
  const code = button?.nextElementSibling as HTMLElement | null | undefined;
  if (!button || !code) return;
  const open = button.getAttribute("aria-expanded") !== "true";
  button.setAttribute("aria-expanded", String(open));
  code.hidden = !open;
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  void show(input.value.trim());
});

$("connect").addEventListener("click", () => {
  void (async () => {
    try {
      const provider = await wallet();
      const [first] = (await provider.send("eth_accounts", [])) as string[];
      input.value = getAddress(first);
      await show(first);
    } catch (error) {
      say(error instanceof Error ? error.message : String(error), true);
    }
  })();
});

const initial = params.get("account") ?? params.get("handle");
if (initial) {
  input.value = initial;
  void show(initial);
}
