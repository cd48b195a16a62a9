// ESLint over every TypeScript file we write: config, the Hardhat layer, scripts, bench, SDK and tests.
// Type-aware rules (typescript-eslint's recommendedTypeChecked) catch floating promises and unsafe
// `any`, the two mistakes a toolkit that must never hang or lose a transaction cannot afford.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

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
  // Which folder may import which is an allow-list per layer (tools/layers.ts, run by `npm run lint:imports`).
  {
    // The library and everything below it: no console, no process exits (an app decides how to print and when to stop).
    files: ["src/protocol/**", "src/sdk/**", "src/node/**", "src/index.ts"],
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
