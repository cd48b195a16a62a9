import { hashCommand, type HashArguments } from "../../src/cli/commands/hash.js";
import { processIo } from "../../src/cli/io.js";
import { runCommand } from "../../src/cli/run.js";
import { filled, type Given } from "./shared.js";

export default async function datasetHash(args: Given<HashArguments>) {
  return runCommand(processIo, () => hashCommand(filled<HashArguments>(args), processIo));
}
