// One toolkit run, as a whole process, on the package as it ships (dist/): either the content hash and the
// manifest of a dataset from its listings (`listing <file> <manifest>`), or a Hub revision's listing from a Hub
// at HF_ENDPOINT (`hub <org/name> <manifest>`), or the floors they are compared with in the same run: reading
// and parsing the listing's lines with nothing else (`parse-floor <file>`), and fetching every page of the
// Hub's tree with plain fetch and JSON.parse (`hub-floor <org/name>`). Prints its seconds (measured inside,
// after the imports) and the process's peak memory, as JSON.
import { createReadStream, readFileSync } from "node:fs";
import { createInterface } from "node:readline";

const [mode, target, out] = process.argv.slice(2);
const started = performance.now();
const result = {};

if (mode === "listing") {
  // What `dataset hash --listing <file> --manifest <out>` does.
  const { hashListings } = await import("../dist/src/node/listing.js");
  const { writeDatasetManifest } = await import("../dist/src/node/manifest.js");
  const t0 = performance.now();
  const hash = await hashListings([target]);
  await writeDatasetManifest(
    out,
    hash,
    { name: "bench", description: "", license: "MIT", creators: [] },
    {
      "dd:sources": hash.sources,
    },
  );
  result.seconds = (performance.now() - t0) / 1000;
  result.root = hash.root;
  result.files = hash.sources[0].files;
} else if (mode === "parse-floor") {
  const t0 = performance.now();
  let rows = 0;
  for await (const line of createInterface({ input: createReadStream(target, "utf8"), crlfDelay: Infinity })) {
    if (line !== "") {
      JSON.parse(line);
      rows++;
    }
  }
  result.seconds = (performance.now() - t0) / 1000;
  result.files = rows;
} else if (mode === "hub") {
  const { hubListing } = await import("../dist/src/node/hub.js");
  const { treeOf } = await import("../dist/src/node/hashing.js");
  const { writeDatasetManifest } = await import("../dist/src/node/manifest.js");
  const t0 = performance.now();
  const hub = await hubListing({ repo: target, sample: Number(process.env.SAMPLE ?? "0") });
  const hash = treeOf(hub.files);
  await writeDatasetManifest(out, hash, { name: "bench", description: "", license: "MIT", creators: [] });
  result.seconds = (performance.now() - t0) / 1000;
  result.root = hash.root;
  result.files = hub.files.length;
  result.bytesDownloaded = Number(hub.bytesDownloaded);
} else if (mode === "hub-floor") {
  const t0 = performance.now();
  let url = `${process.env.HF_ENDPOINT}/api/datasets/${target}/tree/main?recursive=true&expand=false`;
  let entries = 0;
  while (url) {
    const response = await fetch(url);
    entries += (await response.json()).length;
    const link = response.headers.get("link");
    url = link ? /<([^>]+)>;\s*rel="next"/.exec(link)?.[1] : undefined;
  }
  result.seconds = (performance.now() - t0) / 1000;
  result.files = entries;
} else {
  throw new Error(`unknown mode ${mode}`);
}
const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
result.maxRssKiB = hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS;
result.processSeconds = (performance.now() - started) / 1000;
console.log(JSON.stringify(result));
