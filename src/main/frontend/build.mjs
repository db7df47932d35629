// Rebuild the vendored browser assets: `npm ci && npm run build` (run in this folder).
import { build } from "esbuild";
import { cpSync, existsSync, rmSync, mkdirSync } from "node:fs";

const out = new URL("../../../static/vendor/", import.meta.url).pathname;
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const common = { bundle: true, minify: true, target: "es2020", legalComments: "eof" };
await build({ ...common, entryPoints: ["highlight.entry.js"], format: "iife", outfile: out + "highlight.min.js" });
await build({ ...common, entryPoints: ["editor.entry.js"], format: "esm", outfile: out + "editor.min.js" });
await build({ ...common, entryPoints: ["charts.entry.js"], format: "esm", outfile: out + "charts.min.js" });

// Mermaid's own ES module build loads each diagram type as a chunk, so a page fetches only what it draws.
const dist = "node_modules/mermaid/dist/";
cpSync(dist + "mermaid.esm.min.mjs", out + "mermaid/mermaid.esm.min.mjs");
cpSync(dist + "chunks/mermaid.esm.min", out + "mermaid/chunks/mermaid.esm.min", {
  recursive: true,
  filter: (src) => !src.endsWith(".map"),
});
// axe-core audits pages in the browser tests only, so it goes to the test classpath, not to the site.
const testOut = new URL("../../test/resources/dev/loadbearing/browser/", import.meta.url).pathname;
mkdirSync(testOut, { recursive: true });
cpSync("node_modules/axe-core/axe.min.js", testOut + "axe.min.js");
cpSync("node_modules/axe-core/LICENSE", testOut + "axe.LICENSE");

for (const [pkg, name] of [["mermaid", "mermaid"], ["highlight.js", "highlight"], ["codemirror", "codemirror"], ["chart.js", "chart"]]) {
  const license = ["LICENSE", "LICENSE.md"].map((f) => `node_modules/${pkg}/${f}`).find((f) => existsSync(f));
  cpSync(license, `${out}${name}.LICENSE`);
}
