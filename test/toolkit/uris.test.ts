/** Which metadata URIs name something only this machine (or its network) can read, and are refused on a public network. */
import { expect } from "chai";

import { isLocalURI } from "../../src/hardhat/context.js";

describe("local-looking metadata URIs", function () {
  it("tells a path, a bare file name, localhost and private addresses from a published URI", function () {
    const local = [
      "air.json",
      "~/air.json",
      "./air.json",
      "/home/me/air.json",
      "file:///home/me/air.json",
      "http://localhost:8080/air.json",
      "https://LOCALHOST/air.json",
      "http://127.0.0.1/air.json",
      "http://10.1.2.3/air.json",
      "http://192.168.1.20/air.json",
      "http://172.20.0.5/air.json",
      "http://169.254.1.1/air.json",
      "http://[::1]:8080/air.json",
      "http://nas.local/air.json",
      "http://0.0.0.0/air.json",
    ];
    const published = [
      "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi/air.json",
      "https://example.org/air.json",
      "https://172.32.0.1/air.json",
      "ar://abc",
      "hf://datadividends/airsense-forecaster",
    ];
    for (const uri of local) expect(isLocalURI(uri), uri).to.equal(true);
    for (const uri of published) expect(isLocalURI(uri), uri).to.equal(false);
  });
});
