import { defineConfig } from "vitest/config";

// The built UI is embedded in the Tauri binary and served from tauri://localhost:
// relative asset paths, no dev server, no network.
export default defineConfig({
  base: "./",
  clearScreen: false,
  build: {
    outDir: "dist",
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
  test: {
    include: ["src/**/*.test.ts"],
  },
});
