/**
 * Hardhat tasks for every user action. Thin: each lazily loads its action, which calls the SDK
 * through src/cli/commands. Run `npx hardhat <task> --help` for the options.
 */
import { task } from "hardhat/config";
import type { NewTaskDefinitionBuilder, TaskArguments } from "hardhat/types/tasks";

const deploymentId = {
  name: "deploymentId",
  description: "Ignition deployment folder under ignition/deployments (default: chain-<chainId>)",
  defaultValue: "",
} as const;

/** Adds the options every task that acts on a deployment shares: signer, addresses file, record. */
function onDeployment<T extends TaskArguments>(builder: NewTaskDefinitionBuilder<T>) {
  return builder
    .addOption({
      name: "from",
      description: "Signer: an account address or index (default: the first account)",
      defaultValue: "",
    })
    .addOption({
      name: "addresses",
      description:
        "JSON file with { token, datasets, models, vault } (default: the Ignition deployment record of this chain)",
      defaultValue: "",
    })
    .addOption(deploymentId);
}

export const dataDividendsTasks = [
  task("deploy", "Deploy the reward token, both registries and the vault (Hardhat Ignition; reruns are no-ops)")
    .addOption({
      name: "parameters",
      description: "Ignition parameters file (default: ignition/parameters/<network>.json)",
      defaultValue: "",
    })
    .addOption(deploymentId)
    .addFlag({
      name: "reset",
      description: "Discard a stale deployment record (e.g. after restarting a local node) and deploy afresh",
    })
    .setAction(() => import("./actions/deploy.js"))
    .build(),

  task("dataset:hash", "Hash a dataset file or folder into its content hash; write or verify its manifest")
    .addPositionalArgument({ name: "path", description: "The dataset: a file or a folder" })
    .addOption({ name: "manifest", description: "Write the manifest (JSON) to this file", defaultValue: "" })
    .addOption({
      name: "verify",
      description: "Instead of hashing, check the folder against this manifest",
      defaultValue: "",
    })
    .addOption({
      name: "name",
      description: "Dataset name in the manifest (default: the folder name)",
      defaultValue: "",
    })
    .addOption({ name: "description", description: "Description in the manifest", defaultValue: "" })
    .addOption({ name: "license", description: "SPDX license identifier in the manifest", defaultValue: "NOASSERTION" })
    .addOption({ name: "creators", description: 'Creators: "Name=0xaccount:shares,Other=0x…:2"', defaultValue: "" })
    .addFlag({ name: "includeHidden", description: "Also hash files and folders whose name starts with a dot" })
    .setAction(() => import("./actions/dataset-hash.js"))
    .build(),

  onDeployment(
    task("dataset:register", "Register a hashed dataset (commit, wait, reveal where the registry asks for it)")
      .addOption({
        name: "manifest",
        description: "The dataset's manifest, from dataset:hash --manifest",
        defaultValue: "",
      })
      .addOption({
        name: "uri",
        description: "Where the manifest is published (default: its file:// URL)",
        defaultValue: "",
      })
      .addOption({
        name: "contributors",
        description: 'Contributors "0xaccount:shares,…" (default: the manifest creators)',
        defaultValue: "",
      })
      .addOption({
        name: "salt",
        description: "Resume an interrupted registration with its commitment salt",
        defaultValue: "",
      }),
  )
    .setAction(() => import("./actions/dataset-register.js"))
    .build(),

  onDeployment(
    task("model:register", "Register a model and declare, once, the datasets it used")
      .addOption({
        name: "artifact",
        description: "Weights hash (0x + 64 hex) or a weights file/folder to hash",
        defaultValue: "",
      })
      .addOption({ name: "uri", description: "Where the model card is published", defaultValue: "" })
      .addOption({
        name: "card",
        description: "Hugging Face model card whose `datasets:` lists the training data",
        defaultValue: "",
      })
      .addOption({
        name: "manifests",
        description: "Comma-separated manifests mapping the card's names to dataset IDs",
        defaultValue: "",
      })
      .addOption({ name: "usage", description: 'Or explicit usage "0xdatasetId:weight,…"', defaultValue: "" })
      .addOption({ name: "parent", description: "The model this version derives from", defaultValue: "" }),
  )
    .setAction(() => import("./actions/model-register.js"))
    .build(),

  onDeployment(
    task("rewards:deposit", "Pay revenue into a model's pool")
      .addOption({ name: "model", description: "Model ID", defaultValue: "" })
      .addOption({ name: "amount", description: "Amount in whole tokens, e.g. 12.5", defaultValue: "" })
      .addFlag({ name: "permit", description: "Approve with an EIP-2612 permit signature instead of a transaction" }),
  )
    .setAction(() => import("./actions/rewards-deposit.js"))
    .build(),

  onDeployment(
    task("rewards:claimable", "Show what an account may claim, per dataset and model").addOption({
      name: "account",
      description: "The contributor (default: the signer)",
      defaultValue: "",
    }),
  )
    .setAction(() => import("./actions/rewards-claimable.js"))
    .build(),

  onDeployment(
    task("rewards:claim", "Pay an account everything it is owed, in one transaction (anyone may send it)").addOption({
      name: "account",
      description: "The contributor to pay (default: the signer)",
      defaultValue: "",
    }),
  )
    .setAction(() => import("./actions/rewards-claim.js"))
    .build(),
];
