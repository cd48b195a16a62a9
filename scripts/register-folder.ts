/**
 * Registers every dataset listed in a catalogue (a `datasets.json` like seeds/datasets.json): hashes
 * each folder, writes its manifest, and registers it from the signer, skipping hashes it already
 * registered. Each dataset is printed as it completes; if the run stops, it says what is left, and a
 * rerun reveals commitments already paid for (the CLI's commitment journal). Copy it and adapt it.
 *
 *   CATALOGUE=seeds/datasets.json npx hardhat run scripts/register-folder.ts --network localhost
 *
 * Environment:
 *   CATALOGUE      the catalogue (default seeds/datasets.json)
 *   MANIFEST_DIR   where manifests are written (default manifests/)
 *   URI_PREFIX     registered URI = URI_PREFIX + "<name>.manifest.json" (default: the manifest's file:// URL)
 *   ADDRESSES      JSON file with the deployment's addresses (default: the Ignition record of the chain)
 *   DATADIVIDENDS_JOURNAL  the commitment journal (default .datadividends/commitments.json)
 *   TX_TIMEOUT     seconds to wait for a transaction before giving up, naming it (default 300)
 *   CONFIRMATIONS  blocks each transaction must have before the next step (default 1)
 *   HELP=1         print this and exit
 */
import { mkdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

import { network } from "hardhat";

import { clientFor, commitWaitOptions } from "../src/hardhat/context.js";
import { FileJournal } from "../src/node/journal.js";
import { processIo } from "../src/hardhat/io.js";
import { parseWaiting } from "../src/hardhat/parse.js";
import { runCommand } from "../src/hardhat/run.js";
import { readCatalogue } from "../src/hardhat/seeds.js";
import { hashDataset } from "../src/node/hashing.js";
import { buildManifest, writeManifest } from "../src/node/manifest.js";
import { DataDividendsError, isUnreachable } from "../src/protocol/errors.js";

if (process.env.HELP) {
  const source = await readFile(new URL(import.meta.url), "utf8");
  processIo.out(
    source
      .slice(source.indexOf("/**") + 4, source.indexOf("*/"))
      .replace(/^ \* ?/gm, "")
      .trim(),
  );
} else {
  const result = await runCommand(processIo, async () => {
    const catalogue = await readCatalogue(process.env.CATALOGUE ?? "seeds/datasets.json");
    const client = parseWaiting(process.env.CONFIRMATIONS ?? "1", process.env.TX_TIMEOUT ?? "300");
    const manifestDir = process.env.MANIFEST_DIR ?? "manifests";
    await mkdir(manifestDir, { recursive: true });
    const connection = await network.create();
    const { ethers } = connection;
    const [signer] = await ethers.getSigners();
    const chainId = (await ethers.provider.getNetwork()).chainId;
    const ctx = {
      ethers,
      chainId,
      signer,
      networkName: connection.networkName,
      io: processIo,
      client,
      ...(process.env.ADDRESSES ? { addressesFile: process.env.ADDRESSES } : {}),
    };
    const dd = await clientFor(ctx);
    const waiting = await commitWaitOptions(ctx);
    const journal = new FileJournal();
    let done = 0;
    try {
      for (const [i, entry] of catalogue.entries()) {
        processIo.err(`[${i + 1}/${catalogue.length}] ${entry.name}`);
        const hash = await hashDataset(entry.directory);
        const manifestPath = join(manifestDir, `${entry.name}.manifest.json`);
        await writeManifest(manifestPath, buildManifest(hash, entry));
        const uri = process.env.URI_PREFIX
          ? `${process.env.URI_PREFIX}${entry.name}.manifest.json`
          : pathToFileURL(resolve(manifestPath)).href;
        const r = await dd.registerDataset(
          { contentHash: hash.root, metadataURI: uri, contributors: entry.creators },
          { ...waiting, journal, onStatus: (s) => processIo.err(`  ${s}`) },
        );
        // Printed as each completes, so a run that stops has already said what it did.
        processIo.out(`${entry.name}  ${r.id}  ${r.status}`);
        done = i + 1;
      }
    } catch (error) {
      const left = catalogue.slice(done).map((e) => e.name);
      // A rerun goes on only after a failure that can pass (a node, a wait, funds); otherwise the same
      // dataset fails the same way until its entry is fixed.
      const code = error instanceof DataDividendsError ? error.code : undefined;
      const passing =
        ["TIMEOUT", "RPC_UNAVAILABLE", "TRANSACTION_DROPPED", "TRANSACTION_REJECTED"].includes(code ?? "") ||
        isUnreachable(error);
      processIo.err(
        `stopped with ${left.length} dataset(s) left: ${left.join(", ")}; ${
          passing
            ? "rerun to continue (paid commitments are revealed, not paid again)"
            : `fix ${left[0]}'s entry in the catalogue (the error below), or remove it, then rerun`
        }`,
      );
      throw error;
    }
    await connection.close();
  });
  if (!result.success) process.exitCode = 1;
}
