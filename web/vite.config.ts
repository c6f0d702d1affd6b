import { fileURLToPath } from "node:url";

import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

// The page is served from any folder, so asset URLs are relative ("./") and not absolute.
export default defineConfig({
  root,
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // ethers and the contracts' typed bindings make one bundle of about 800 kB, loaded once.
    chunkSizeWarningLimit: 1_000,
  },
});
