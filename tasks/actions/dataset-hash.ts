import { hashCommand, type HashArguments } from "../../src/cli/commands/hash.js";
import { processIo } from "../../src/cli/io.js";
import { runCommand } from "../../src/cli/run.js";

export default async function datasetHash(args: HashArguments) {
  return runCommand(processIo, () => hashCommand(args, processIo));
}
