// ESLint over every TypeScript file we write: config, tasks, scripts, bench, SDK, CLI and tests.
// Type-aware rules (typescript-eslint's recommendedTypeChecked) catch floating promises and unsafe
// `any`, the two mistakes a toolkit that must never hang or lose a transaction cannot afford.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

/** What no file of the package (src, tasks, Ignition modules) may import: the apps and the tools around it. */
const aboveThePackage = [
  [
    /(^|\/)(indexer|dashboard|test|scripts|bench|tools|examples)\//,
    "the package must not import the apps or the tools around it",
  ],
];
/** What the library and the rulebook may not import besides: Node built-ins and Hardhat. */
const outsideOfTheLibrary = [
  [/^node:/, "the library is browser-safe: no Node built-ins (Node-only code goes in src/node)"],
  [/^(hardhat|@nomicfoundation\/)/, "the library must not import Hardhat (that is the plugin's layer)"],
  ...aboveThePackage,
];

/** One `no-restricted-imports` zone per glob: [pattern, why] pairs for what its files must not import. */
function layers(zones) {
  return Object.entries(zones).map(([glob, rules]) => ({
    files: [glob],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: rules.map(([regex, message]) => ({ regex: regex.source, message })) },
      ],
    },
  }));
}

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "artifacts/",
      "cache/",
      "coverage/",
      "typechain-types/",
      "ignition/deployments/",
      // The example resolves `datadividends` only once the packed tarball is installed into a copy of it
      // (npm run package:check, which type-checks it there); from this checkout its imports are unresolved.
      "examples/",
      "dist/",
      // Written by `ponder codegen`; Ponder asks that it be committed unchanged.
      "indexer/ponder-env.d.ts",
      "dashboard/dist/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/explicit-module-boundary-types": "off",
      // A template may name a value that narrowing typed `never` (the rejected input in an error message).
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNever: true }],
      eqeqeq: ["error", "always"],
      "no-console": "off",
    },
  },
  {
    // Mocha's `this` and chai's property assertions (`.to.be.true`) read as unused expressions.
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-expressions": "off",
      // Hardhat's networkHelpers are plain functions meant to be destructured (its own templates do).
      "@typescript-eslint/unbound-method": "off",
    },
  },
  // Layers, lowest first: the rulebook (src/protocol), the library (src/sdk, browser-safe), the Node-only
  // parts (src/node), the Hardhat layer (src/cli, the plugin, tasks, Ignition modules, the test helper), then the
  // apps (indexer, dashboard) and the tools around them (scripts, bench, tools, test). An import may only go
  // down; each zone below names what its files must not import.
  ...layers({
    "src/protocol/**": [
      [/^\.\.\//, "the rulebook (src/protocol) imports only itself and packages"],
      ...outsideOfTheLibrary,
    ],
    "src/sdk/**": [
      [/(^|\/)(cli|node)\//, "the library (src/sdk) must not import the Node-only or Hardhat layers"],
      [/(^|\/)(plugin|testing|ignition|artifacts)\.js$/, "the library (src/sdk) must not import the Hardhat layer"],
      [/^\.\.\/(\.\.\/)?index\.js$/, "the library (src/sdk) must not import the Node entry (src/index.ts)"],
      ...outsideOfTheLibrary,
    ],
    "src/browser.ts": [
      [/^\.\/(cli|node)\/|^\.\/index\.js$/, "the browser entry must not import Node-only code"],
      ...outsideOfTheLibrary,
    ],
    "src/node/**": [
      [/(^|\/)cli\//, "the Node-only layer (src/node) must not import the Hardhat layer"],
      [
        /(^|\/)(plugin|testing|ignition|artifacts)\.js$/,
        "the Node-only layer (src/node) must not import the Hardhat layer",
      ],
      [/^(hardhat|@nomicfoundation\/)/, "the Node-only layer (src/node) must not import Hardhat"],
      ...aboveThePackage,
    ],
    "src/index.ts": [
      [
        /^\.\/(cli)\/|^\.\/(plugin|testing|ignition|artifacts)\.js$/,
        "the Node entry must not import the Hardhat layer",
      ],
      ...aboveThePackage,
    ],
    "{src/cli,tasks,ignition/modules}/**": aboveThePackage,
    "src/{plugin,testing,ignition,artifacts,typechain}.ts": aboveThePackage,
    "indexer/**": [
      [/(^|\/)src\/(?!protocol\/)/, "the indexer imports only the rulebook (src/protocol) of the package"],
    ],
    "dashboard/**": [
      [
        /(^|\/)src\/(?!protocol\/|browser\.js$)/,
        "the dashboard imports only the browser entry (src/browser.ts) or the rulebook",
      ],
    ],
  }),
  {
    // The library and everything below it: no console, no process exits (an app decides how to print and when to stop).
    files: ["src/protocol/**", "src/sdk/**", "src/node/**", "src/browser.ts", "src/index.ts"],
    rules: {
      "no-console": "error",
      "no-restricted-properties": [
        "error",
        { object: "process", property: "exit", message: "a library never exits the process" },
      ],
    },
  },
  {
    // Plain JavaScript (this file, the hashing worker): no type information to lint with.
    files: ["**/*.js", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
  },
);
