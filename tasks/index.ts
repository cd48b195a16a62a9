/**
 * Hardhat tasks for every user action. Thin: each lazily loads its action, which calls the SDK
 * through src/cli/commands. Run `npx hardhat <task> --help` for the options.
 *
 * Options a user may leave out have no default Hardhat would print (`STRING_WITHOUT_DEFAULT`): their
 * descriptions say what leaving them out does, and the actions read a missing one as "".
 */
import { task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";
import type { NewTaskDefinitionBuilder, TaskArguments } from "hardhat/types/tasks";

const deploymentId = {
  name: "deploymentId",
  description: "Ignition deployment folder under ignition/deployments (default: chain-<chainId>)",
  type: ArgumentType.STRING_WITHOUT_DEFAULT,
  defaultValue: undefined,
} as const;

/** Adds the options every task that acts on a deployment shares: signer, addresses file, record. */
function onDeployment<T extends TaskArguments>(builder: NewTaskDefinitionBuilder<T>) {
  return builder
    .addOption({
      name: "from",
      description: "Signer: an account address or index (default: the first account)",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      defaultValue: undefined,
    })
    .addOption({
      name: "addresses",
      description:
        "JSON file with { token, datasets, models, vault, vaults? } (default: the Ignition deployment record of this chain)",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      defaultValue: undefined,
    })
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
  task("deploy", "Deploy the reward token, both registries and the vault (Hardhat Ignition; reruns are no-ops)")
    .addOption({
      name: "parameters",
      description: "Ignition parameters file (default: ignition/parameters/<network>.json)",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      defaultValue: undefined,
    })
    .addOption(deploymentId)
    .addOption({
      name: "token",
      description: "Also deploy a vault for this ERC-20 (its address), on the same registries; kept in the record",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      defaultValue: undefined,
    })
    .addFlag({
      name: "reset",
      description: "Discard a stale deployment record (e.g. after restarting a local node) and deploy afresh",
    })
    .setAction(() => import("./actions/deploy.js"))
    .build(),

  task("dataset:hash", "Hash a dataset file or folder into its content hash; write or verify its manifest")
    .addPositionalArgument({ name: "path", description: "The dataset: a file or a folder" })
    .addOption({
      name: "manifest",
      description: "Write the manifest (JSON) to this file",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      defaultValue: undefined,
    })
    .addOption({
      name: "verify",
      description: "Instead of hashing, check the folder against this manifest",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      defaultValue: undefined,
    })
    .addOption({
      name: "name",
      description: "Dataset name in the manifest (default: the folder name)",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      defaultValue: undefined,
    })
    .addOption({
      name: "description",
      description: "Description in the manifest",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      defaultValue: undefined,
    })
    .addOption({ name: "license", description: "SPDX license identifier in the manifest", defaultValue: "NOASSERTION" })
    .addOption({
      name: "creators",
      description: 'Creators: "Name=0xaccount:shares,Other=0x…:2"',
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      defaultValue: undefined,
    })
    .addFlag({ name: "includeHidden", description: "Also hash files and folders whose name starts with a dot" })
    .setAction(() => import("./actions/dataset-hash.js"))
    .build(),

  onDeployment(
    task("dataset:register", "Register a hashed dataset (commit, wait, reveal where the registry asks for it)")
      .addOption({
        name: "manifest",
        description: "The dataset's manifest, from dataset:hash --manifest",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "uri",
        description: "Where the manifest is published (default: its file:// URL)",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "contributors",
        description: 'Contributors "0xaccount:shares,…" (default: the manifest creators)',
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "salt",
        description: "Resume an interrupted registration with its commitment salt",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      }),
  )
    .setAction(() => import("./actions/dataset-register.js"))
    .build(),

  onDeployment(
    task("model:register", "Register a model and declare, once, the datasets it used")
      .addOption({
        name: "artifact",
        description: "Weights hash (0x + 64 hex) or a weights file/folder to hash",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "uri",
        description: "Where the model card is published",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "card",
        description: "Hugging Face model card whose `datasets:` lists the training data",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "manifests",
        description: "Comma-separated manifests mapping the card's names to dataset IDs",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "usage",
        description: 'Or explicit usage "0xdatasetId:weight,…"',
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "parent",
        description: "The model this one derives from (a fine-tune of it)",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "parentWeight",
        description: "The parent edge's weight (default: the least that meets the parent's royalty floor)",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "royalty",
        description: "The least royalty this model asks of its own derivatives, in basis points (1500 = 15%)",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      }),
  )
    .setAction(() => import("./actions/model-register.js"))
    .build(),

  onDeployment(
    task("dataset:flag", "Flag a dataset as stolen, squatted or junk, posting the bond: it pays nothing until ruled on")
      .addOption({
        name: "dataset",
        description: "Dataset ID",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "reason",
        description: "Other, NotTheOwner, StolenData, JunkData or WrongContributors",
        defaultValue: "StolenData",
      })
      .addOption({
        name: "evidence",
        description: "URI of the evidence for the arbiter",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      }),
  )
    .setAction(() => import("./actions/dataset-flag.js"))
    .build(),

  onDeployment(
    task("dispute:show", "Show a dataset's status and its open flag").addOption({
      name: "dataset",
      description: "Dataset ID",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      defaultValue: undefined,
    }),
  )
    .setAction(() => import("./actions/dispute-show.js"))
    .build(),

  onDeployment(
    task("dispute:resolve", "Rule on a flag (arbiter: dismiss or uphold), or end a timed-out one (anyone: expire)")
      .addOption({
        name: "dataset",
        description: "Dataset ID",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "ruling",
        description: "dismiss, uphold or expire",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "holders",
        description: "uphold: the rightful holder of each share slot, in slot order, comma-separated",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "registrant",
        description: "uphold: the rightful registrant (default: the first holder)",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      }),
  )
    .setAction(() => import("./actions/dispute-resolve.js"))
    .build(),

  onDeployment(
    task(
      "rewards:forward",
      "Move a fine-tune's royalty into its parent model's pool, in every reward token (anyone may)",
    ).addOption({
      name: "model",
      description: "The fine-tuned (child) model's ID",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      defaultValue: undefined,
    }),
  )
    .setAction(() => import("./actions/rewards-forward.js"))
    .build(),

  onDeployment(
    task("rewards:deposit", "Pay revenue into a model's pool, in any of the deployment's reward tokens")
      .addOption({
        name: "model",
        description: "Model ID",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "amount",
        description: "Amount in whole tokens, e.g. 12.5",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "token",
        description: "The reward token, by address or symbol (default: the bundled token)",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addFlag({ name: "permit", description: "Approve with an EIP-2612 permit signature instead of a transaction" }),
  )
    .setAction(() => import("./actions/rewards-deposit.js"))
    .build(),

  onDeployment(
    task("rewards:claimable", "Show what an account may claim, per dataset, model and reward token").addOption({
      name: "account",
      description: "The contributor (default: the signer)",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      defaultValue: undefined,
    }),
  )
    .setAction(() => import("./actions/rewards-claimable.js"))
    .build(),

  onDeployment(
    task(
      "rewards:claim",
      "Pay an account everything it is owed in every reward token, forwarding lineage royalties first (anyone may send it)",
    ).addOption({
      name: "account",
      description: "The contributor to pay (default: the signer)",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      defaultValue: undefined,
    }),
  )
    .setAction(() => import("./actions/rewards-claim.js"))
    .build(),
];
