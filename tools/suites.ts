/**
 * Which suite runs where in CI, so that each runs exactly once: the coverage run instruments the in-process
 * mocha suites and `COVERED_SOLIDITY`; `npm run test:fuzz` runs the other Solidity suites plain at full fuzz
 * strength (instrumented, they take twice as long and add no line coverage); `npm run test:e2e` runs the
 * suites that cannot be instrumented. `test/toolchain.test.ts` keeps package.json's lists equal to this.
 */
export const COVERED_SOLIDITY = ["test/solidity/Types.t.sol"];
