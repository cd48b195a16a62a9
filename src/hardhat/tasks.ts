/**
 * The plugin's tasks, every one under the `datadividends` group (`npx hardhat datadividends --help`):
 * `deploy`, then one group per thing a user acts on (`dataset`, `model`, `dispute`, `rewards`). Each
 * task's implementation is a command in ./commands, loaded only when the task runs: this file, which
 * Hardhat loads with the config, imports nothing heavier than Hardhat's builders.
 *
 * Options a user may leave out have no default Hardhat would print (`STRING_WITHOUT_DEFAULT`): their
 * descriptions say what leaving them out does, and the commands read a missing one as "".
 */
import { emptyTask, task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NewTaskDefinitionBuilder, TaskArguments } from "hardhat/types/tasks";

import type { CommandContext } from "./context.js";
import type { DeploymentOptions, Given } from "./network.js";

/** The group every task of the plugin lives in: the plugin's own (npm-unique) name, so no task collides. */
export const TASK_GROUP = "datadividends";

/** A string option a user may leave out: no default for `--help` to print; its description says what leaving it out does. */
function optional<Name extends string>(name: Name, description: string) {
  return { name, description, type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined } as const;
}

/**
 * A task that acts on a deployment: its lazily loaded action connects to the selected network (compiling a
 * never-built checkout first), then loads the command and runs it. The command's arguments must be the
 * task's declared options: a command reading an option the task does not declare does not compile.
 */
function onNetwork<A>(load: () => Promise<(args: A, ctx: CommandContext) => Promise<unknown>>) {
  return async () => {
    const { runOnNetwork } = await import("./network.js");
    return {
      default: (given: Given<A & DeploymentOptions>, hre: HardhatRuntimeEnvironment) =>
        runOnNetwork<A & DeploymentOptions>(hre, given, async (args, ctx) => (await load())(args, ctx)),
    };
  };
}

const deploymentId = optional(
  "deploymentId",
  "Ignition deployment folder under ignition/deployments (default: chain-<chainId>)",
);

/** Where `rewards claimable` and `rewards claim` read what is owed, instead of scanning logs. */
const indexer = optional(
  "indexer",
  "URL of a DataDividends indexer (npm run indexer) to read what is owed from, instead of scanning the registries' logs",
);

/** Adds the options every task that acts on a deployment shares: signer, addresses file, record, waiting. */
function onDeployment<T extends TaskArguments>(builder: NewTaskDefinitionBuilder<T>) {
  return builder
    .addOption(optional("from", "Signer: an account address or index (default: the first account)"))
    .addOption(
      optional(
        "addresses",
        "JSON file with { token, datasets, models, vault, vaults? } (default: the Ignition deployment record of this chain)",
      ),
    )
    .addOption(deploymentId)
    .addOption({
      name: "confirmations",
      description: "Blocks each transaction must have before the next step (1: mined)",
      defaultValue: "1",
    })
    .addOption({
      name: "txTimeout",
      description: "Seconds to wait for a transaction before giving up, naming it",
      defaultValue: "300",
    });
}

export const dataDividendsTasks = [
  emptyTask(
    TASK_GROUP,
    "Pay the people whose data trains AI models: deploy, register datasets and models, pay and claim",
  ).build(),
  emptyTask([TASK_GROUP, "dataset"], "Hash, register, flag, move and retire datasets").build(),
  emptyTask([TASK_GROUP, "model"], "Register models and the datasets they used").build(),
  emptyTask([TASK_GROUP, "dispute"], "Show and resolve a dataset's disputes; withdraw flag bonds").build(),
  emptyTask([TASK_GROUP, "rewards"], "Deposit, forward, claim and relay rewards").build(),
  emptyTask(
    [TASK_GROUP, "identity"],
    "Crowd contributors known by a handle (hf:, github:, orcid:, e-mail): earnings, attestations, bindings",
  ).build(),

  task([TASK_GROUP, "dataset", "tree"], "Build a share tree (<root>.sharetree) from a contributors file")
    .addOption(
      optional("contributors", 'A .csv ("holder,shares" rows) or .jsonl file; a holder is 0x… or namespace:handle'),
    )
    .addOption(optional("out", "Folder the tree file is written to (default: the contributors file's folder)"))
    .addOption(optional("identitySalt", "32 bytes of hex salting the handles' commitments (default: random)"))
    .setAction(async () => ({ default: (await import("./network.js")).runTree }))
    .build(),

  onDeployment(
    task([TASK_GROUP, "dataset", "sweep"], "After the deadline, hand unbound identity slots to the fallback account")
      .addOption(optional("tree", "The dataset's tree file"))
      .addOption(optional("index", 'Slots to sweep: "3,17,…"')),
  )
    .setAction(onNetwork(async () => (await import("./commands/crowd.js")).sweepCommand))
    .build(),

  onDeployment(
    task([TASK_GROUP, "identity", "earnings"], "What a handle has earned in share trees, and what to do to receive it")
      .addOption(optional("handle", "hf:alice, github:alice, orcid:0000-… or an e-mail address"))
      .addOption(optional("tree", "Tree files of the datasets to look in, comma-separated")),
  )
    .setAction(onNetwork(async () => (await import("./commands/crowd.js")).earningsCommand))
    .build(),

  onDeployment(
    task([TASK_GROUP, "identity", "attest"], "Attester: sign bindings of a handle's slots to an account")
      .addOption(optional("handle", "The person's handle, checked by the attester off-chain"))
      .addOption(optional("tree", "Tree files of the datasets, comma-separated"))
      .addOption(optional("account", "The address the person controls"))
      .addOption(optional("out", "JSON file to write the signed attestations to"))
      .addOption({ name: "validDays", description: "Days the attestations may be submitted in", defaultValue: "7" }),
  )
    .setAction(onNetwork(async () => (await import("./commands/crowd.js")).attestCommand))
    .build(),

  onDeployment(
    task([TASK_GROUP, "identity", "bind"], "Submit signed attestations (anyone may); each waits out its veto window")
      .addOption(optional("attestation", "The file identity attest wrote"))
      .addOption(optional("tree", "Tree files of the datasets, comma-separated")),
  )
    .setAction(onNetwork(async () => (await import("./commands/crowd.js")).bindCommand))
    .build(),

  onDeployment(
    task([TASK_GROUP, "identity", "veto"], "Veto a pending binding in its window (the registrant or an arbiter)")
      .addOption(optional("dataset", "Dataset ID"))
      .addOption(optional("index", "The slot")),
  )
    .setAction(onNetwork(async () => (await import("./commands/crowd.js")).vetoCommand))
    .build(),

  onDeployment(
    task([TASK_GROUP, "identity", "complete"], "Complete a binding whose window has passed (anyone may)")
      .addOption(optional("dataset", "Dataset ID"))
      .addOption(optional("index", "The slot")),
  )
    .setAction(onNetwork(async () => (await import("./commands/crowd.js")).completeCommand))
    .build(),

  onDeployment(
    task([TASK_GROUP, "rewards", "claim-tree"], "Claim the signer's share-tree slots, proving them in the claim")
      .addOption(optional("tree", "Tree files of the datasets, comma-separated"))
      .addOption(optional("token", "The reward token: its address or symbol (default: the bundled token)")),
  )
    .setAction(onNetwork(async () => (await import("./commands/crowd.js")).claimTreeCommand))
    .build(),

  task(
    [TASK_GROUP, "deploy"],
    "Deploy the reward token, both registries and the vault (Hardhat Ignition; reruns are no-ops)",
  )
    .addOption(optional("parameters", "Ignition parameters file (default: ignition/parameters/<network>.json)"))
    .addOption(deploymentId)
    .addOption(
      optional(
        "token",
        "Also deploy a vault for this ERC-20 (its address), on the same registries; kept in the record",
      ),
    )
    .addFlag({
      name: "deterministic",
      description:
        "Deploy through the CreateX factory's CREATE2: the same parameters, deployer and salt give the same addresses on every chain",
    })
    .addOption(
      optional("salt", "The CREATE2 salt for --deterministic: text, or 32 bytes of hex (default: datadividends/v1)"),
    )
    .addFlag({
      name: "reset",
      description:
        "Move the deployment record aside (kept as <record>.backup-<time>) and deploy afresh: after restarting a local node, or a first deploy that failed partway",
    })
    .setAction(async () => ({ default: (await import("./network.js")).runDeploy }))
    .build(),

  task(
    [TASK_GROUP, "dataset", "hash"],
    "Hash a dataset file or folder into its content hash; write or verify its manifest",
  )
    .addPositionalArgument({
      name: "path",
      description:
        "The dataset: a file or a folder; with --listing, its listings, comma-separated; with --hub, org/name",
    })
    .addOption(optional("manifest", "Write the manifest (JSON) to this file"))
    .addOption(optional("verify", "Instead of hashing, check the folder against this manifest"))
    .addOption(optional("name", "Dataset name in the manifest (default: the folder name)"))
    .addOption(optional("description", "Description in the manifest"))
    .addOption({ name: "license", description: "SPDX license identifier in the manifest", defaultValue: "NOASSERTION" })
    .addOption(optional("creators", 'Creators: "Name=0xaccount:shares,Other=0x…:2"'))
    .addFlag({ name: "includeHidden", description: "Also hash files and folders whose name starts with a dot" })
    .addFlag({
      name: "listing",
      description: "The path is listings (JSON Lines of path, size, sha256), comma-separated: no bytes are read",
    })
    .addOption(optional("writeListing", "Also write the hashed files as a listing (a shard's, for --listing)"))
    .addOption(optional("prefix", "With --write-listing: where the hashed folder sits inside the dataset (its shard)"))
    .addFlag({
      name: "hub",
      description:
        "The path is a Hugging Face Hub dataset (org/name; HF_ENDPOINT, HF_TOKEN): LFS files' leaves from its listing",
    })
    .addOption(optional("revision", "With --hub: the branch, tag or commit (default: main)"))
    .addOption(
      optional("sample", "With --hub: LFS files to download and check against their listed SHA-256 (default: 0)"),
    )
    .setAction(async () => ({ default: (await import("./network.js")).runHash }))
    .build(),

  onDeployment(
    task(
      [TASK_GROUP, "dataset", "register"],
      "Register a hashed dataset (commit, wait, reveal where the registry asks for it)",
    )
      .addOption(optional("manifest", "The dataset's manifest, from dataset hash --manifest"))
      .addOption(
        optional(
          "uri",
          "Where the manifest is published, e.g. ipfs://<cid> (default on a development node: its file:// URL, with a warning; required elsewhere)",
        ),
      )
      .addOption(optional("contributors", 'Contributors "0xaccount:shares,…" (default: the manifest creators)'))
      .addOption(
        optional(
          "tree",
          "A share tree file (dataset tree): its slots are the contributors, any number, most of them handles",
        ),
      )
      .addOption(
        optional(
          "deadline",
          'Share tree: when unbound slots may be swept, as days from now ("90") or a date ("2027-06-30") (default: 365 days)',
        ),
      )
      .addOption(
        optional(
          "fallback",
          "Share tree: who receives what unbound slots earned after the deadline (default: the signer)",
        ),
      )
      .addFlag({
        name: "closed",
        description: "Share tree: after the deadline unbound slots belong to the fallback for good (no late binding)",
      })
      .addOption(optional("salt", "Resume an interrupted registration with its commitment salt")),
  )
    .setAction(onNetwork(async () => (await import("./commands/register-dataset.js")).registerDatasetCommand))
    .build(),

  onDeployment(
    task([TASK_GROUP, "model", "register"], "Register a model and declare, once, the datasets it used")
      .addOption(optional("artifact", "Weights hash (0x + 64 hex) or a weights file/folder to hash"))
      .addOption(optional("uri", "Where the model card is published"))
      .addOption(optional("card", "Hugging Face model card whose `datasets:` lists the training data"))
      .addOption(optional("manifests", "Comma-separated manifests mapping the card's names to dataset IDs"))
      .addOption(optional("usage", 'Or explicit usage "0xdatasetId:weight,…"'))
      .addOption(optional("parent", "The model this one derives from (a fine-tune of it)"))
      .addOption(
        optional("parentWeight", "The parent edge's weight (default: the least that meets the parent's royalty floor)"),
      )
      .addOption(
        optional("royalty", "The least royalty this model asks of its own derivatives, in basis points (1500 = 15%)"),
      ),
  )
    .setAction(onNetwork(async () => (await import("./commands/register-model.js")).registerModelCommand))
    .build(),

  onDeployment(
    task(
      [TASK_GROUP, "dataset", "flag"],
      "Flag a dataset as stolen, squatted or junk, posting the bond: it pays nothing until ruled on",
    )
      .addOption(optional("dataset", "Dataset ID"))
      .addOption({
        name: "reason",
        description: "Other, NotTheOwner, StolenData, JunkData or WrongContributors",
        defaultValue: "StolenData",
      })
      .addOption(optional("evidence", "URI of the evidence for the arbiter")),
  )
    .setAction(onNetwork(async () => (await import("./commands/disputes.js")).flagCommand))
    .build(),

  onDeployment(
    task([TASK_GROUP, "dispute", "show"], "Show a dataset's status and its open flag").addOption(
      optional("dataset", "Dataset ID"),
    ),
  )
    .setAction(onNetwork(async () => (await import("./commands/disputes.js")).showDisputeCommand))
    .build(),

  onDeployment(
    task(
      [TASK_GROUP, "dispute", "resolve"],
      "Act on a dataset's dispute: dismiss or uphold (arbiter), appeal (registrant), execute or expire (anyone)",
    )
      .addOption(optional("dataset", "Dataset ID"))
      .addOption(optional("ruling", "dismiss, uphold, appeal, execute or expire"))
      .addOption(optional("dispute", "The dispute's number on the dataset (default: its latest)"))
      .addOption(optional("holders", "uphold: the rightful holder of each share slot, in slot order, comma-separated"))
      .addOption(optional("registrant", "uphold: the rightful registrant (default: the first holder)"))
      .addOption(
        optional("tree", "uphold, share-tree dataset: the rightful tree's file (new holders, the same shares)"),
      )
      .addOption(
        optional(
          "deadline",
          'uphold --tree: when its unbound slots may be swept, as days from now ("90") or a date (default: 365 days)',
        ),
      )
      .addOption(optional("fallback", "uphold --tree: who receives what its unbound slots earn after the deadline"))
      .addFlag({ name: "closed", description: "uphold --tree: after the deadline unbound slots stay the fallback's" })
      .addOption(optional("evidence", "appeal: a URI where the arbiter can read the appeal")),
  )
    .setAction(onNetwork(async () => (await import("./commands/disputes.js")).resolveDisputeCommand))
    .build(),

  onDeployment(
    task(
      [TASK_GROUP, "rewards", "sign-claim"],
      "Sign, as a contributor, a claim of everything payable now that a relayer (or anyone) may send for a tip (sends nothing; no ETH needed)",
    )
      .addOption({
        name: "maxTip",
        description: "The most the sender may take, in whole tokens, e.g. 0.5",
        defaultValue: "0",
      })
      .addOption({
        name: "maxTipShare",
        description: "The most the sender may take as a percentage of what the claim pays, e.g. 2.5",
        defaultValue: "10",
      })
      .addOption(optional("relayer", "The only address that may send the claim (default: anyone)"))
      .addOption(optional("token", "The reward token, by address or symbol (default: the bundled token)"))
      .addOption({
        name: "validFor",
        description: "Seconds the signature stays valid, on the chain's clock",
        defaultValue: "604800",
      })
      .addOption(optional("out", "The file to write the signed claim to (JSON)")),
  )
    .setAction(onNetwork(async () => (await import("./commands/relay.js")).signClaimCommand))
    .build(),

  onDeployment(
    task(
      [TASK_GROUP, "rewards", "relay"],
      "Send a claim a contributor signed (rewards sign-claim), taking a tip out of it",
    )
      .addOption(optional("claim", "The signed claim file"))
      .addOption(optional("tip", "The tip to take, in whole tokens (default: the signed cap)")),
  )
    .setAction(onNetwork(async () => (await import("./commands/relay.js")).relayCommand))
    .build(),

  onDeployment(
    task(
      [TASK_GROUP, "rewards", "revoke-claim"],
      "Revoke the claims you signed (rewards sign-claim) and have not had sent: spends your current nonce in a vault",
    ).addOption(optional("token", "The reward token whose vault the claims are for (default: the bundled token)")),
  )
    .setAction(onNetwork(async () => (await import("./commands/relay.js")).revokeClaimCommand))
    .build(),

  onDeployment(
    task(
      [TASK_GROUP, "rewards", "keeper"],
      "Send the signed claims in a folder that are worth their gas, taking the most each allows; spent and expired files are moved aside (--dry-run: simulate only)",
    )
      .addOption(optional("claims", "A folder of signed claim files (JSON, from rewards sign-claim)"))
      .addOption({
        name: "minTip",
        description:
          'The least tip worth sending a claim for, in whole units of each claim\'s own token ("0.5"), or per token ("DDR=1,USDC=0.5")',
        defaultValue: "0",
      })
      .addOption({ name: "max", description: "The most claims one run sends", defaultValue: "100" })
      .addOption({
        name: "maxGas",
        description: "Skip a claim whose simulated gas (its forwards included) is above this",
        defaultValue: "1000000",
      })
      .addOption(
        optional(
          "tipValue",
          'ETH one whole token is worth, per token ("DDR=0.0003,USDC=0.00025"): a claim whose tip is worth less than its gas is skipped',
        ),
      )
      .addOption(optional("token", "Only claims paying this reward token, by address or symbol (default: every vault)"))
      .addFlag({ name: "dryRun", description: "Simulate each claim and send nothing" }),
  )
    .setAction(onNetwork(async () => (await import("./commands/relay.js")).keeperCommand))
    .build(),

  onDeployment(
    task(
      [TASK_GROUP, "dataset", "move-share"],
      "Move a share slot you hold to another account (a new key); its unclaimed rewards move too",
    )
      .addOption(optional("dataset", "Dataset ID"))
      .addOption(optional("index", "The share slot's number (its place in the contributor list, from 0)"))
      .addOption(optional("to", "The account that will hold the slot")),
  )
    .setAction(onNetwork(async () => (await import("./commands/holdings.js")).moveShareCommand))
    .build(),

  onDeployment(
    task(
      [TASK_GROUP, "dataset", "retire"],
      "Retire a dataset you registered: no new model may declare it; what it earned is still paid",
    ).addOption(optional("dataset", "Dataset ID")),
  )
    .setAction(onNetwork(async () => (await import("./commands/holdings.js")).retireCommand))
    .build(),

  onDeployment(
    task(
      [TASK_GROUP, "dispute", "withdraw-bond"],
      "Withdraw the flag bonds credited to you (an upheld flag, an expired one's registrant, a refunded joiner)",
    )
      .addOption(optional("to", "Where to send the bonds (default: the signer)"))
      .addOption(
        optional(
          "reclaim",
          'Joined bonds to reclaim first, "0xdatasetId:disputeNumber,…" (disputes that ended without a ruling against you)',
        ),
      ),
  )
    .setAction(onNetwork(async () => (await import("./commands/holdings.js")).withdrawBondCommand))
    .build(),

  onDeployment(
    task(
      [TASK_GROUP, "rewards", "forward"],
      "Move a fine-tune's royalty into its parent model's pool, in every reward token (anyone may)",
    ).addOption(optional("model", "The fine-tuned (child) model's ID")),
  )
    .setAction(onNetwork(async () => (await import("./commands/rewards.js")).forwardCommand))
    .build(),

  onDeployment(
    task(
      [TASK_GROUP, "rewards", "deposit"],
      "Pay revenue into a model's pool, in any of the deployment's reward tokens",
    )
      .addOption(optional("model", "Model ID"))
      .addOption(optional("amount", "Amount in whole tokens, e.g. 12.5"))
      .addOption(optional("token", "The reward token, by address or symbol (default: the bundled token)"))
      .addFlag({ name: "permit", description: "Approve with an EIP-2612 permit signature instead of a transaction" }),
  )
    .setAction(onNetwork(async () => (await import("./commands/rewards.js")).depositCommand))
    .build(),

  onDeployment(
    task([TASK_GROUP, "rewards", "claimable"], "Show what an account may claim, per dataset, model and reward token")
      .addOption(optional("account", "The contributor (default: the signer)"))
      .addOption(indexer),
  )
    .setAction(onNetwork(async () => (await import("./commands/rewards.js")).claimableCommand))
    .build(),

  onDeployment(
    task(
      [TASK_GROUP, "rewards", "claim"],
      "Pay an account everything it is owed in every reward token, forwarding lineage royalties first (anyone may send it)",
    )
      .addOption(optional("account", "The contributor to pay (default: the signer)"))
      .addOption(indexer),
  )
    .setAction(onNetwork(async () => (await import("./commands/rewards.js")).claimCommand))
    .build(),
];
