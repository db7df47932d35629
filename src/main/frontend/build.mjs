// Rebuild the vendored browser assets: `npm ci && npm run build` (run in this folder).
import { build } from "esbuild";
import { cpSync, rmSync, mkdirSync } from "node:fs";

const out = new URL("../../../static/vendor/", import.meta.url).pathname;
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  entryPoints: ["highlight.entry.js"],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  outfile: out + "highlight.min.js",
  legalComments: "eof",
});

// Mermaid's own ES module build loads each diagram type as a chunk, so a page fetches only what it draws.
const dist = "node_modules/mermaid/dist/";
cpSync(dist + "mermaid.esm.min.mjs", out + "mermaid/mermaid.esm.min.mjs");
cpSync(dist + "chunks/mermaid.esm.min", out + "mermaid/chunks/mermaid.esm.min", {
  recursive: true,
  filter: (src) => !src.endsWith(".map"),
});
cpSync("node_modules/mermaid/LICENSE", out + "mermaid/LICENSE");
cpSync("node_modules/highlight.js/LICENSE", out + "highlight.LICENSE");
