import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";

// The built UI is embedded in the Tauri binary and served from tauri://localhost:
// relative asset paths, no dev server, no network.
export default defineConfig({
  base: "./",
  clearScreen: false,
  plugins: [svelte(), svelteTesting()],
  build: {
    outDir: "dist",
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
  test: {
    include: ["src/**/*.test.ts"],
    // Component tests render into jsdom; MapLibre (WebGL) is kept out of them.
    environment: "jsdom",
  },
});
