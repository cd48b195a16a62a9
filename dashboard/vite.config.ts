import { defineConfig } from "vite";

// `npm run dashboard`: served on 127.0.0.1 only; the indexer's URL comes from ?indexer= or VITE_INDEXER_URL.
export default defineConfig({
  root: import.meta.dirname,
  server: { host: "127.0.0.1", port: 5173, strictPort: true },
  preview: { host: "127.0.0.1", port: 4173, strictPort: true },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
  // The SDK's `.js` imports name TypeScript sources (Node16 resolution); Vite resolves them to `.ts`.
});
