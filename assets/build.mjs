// Builds Onward's static front end into onward/static/onward (or the folder
// given as the first argument, which CI uses to check the committed files
// match a fresh build). Output is deterministic: same packages, same bytes.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as sass from "sass";

const root = resolve(import.meta.dirname, "..");
const out = resolve(process.argv[2] ?? join(root, "onward/static/onward"));
const govuk = join(root, "node_modules/govuk-frontend/dist/govuk");
const moj = join(root, "node_modules/@ministryofjustice/frontend/moj");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "assets/images"), { recursive: true });

const { css } = sass.compile(join(root, "assets/scss/application.scss"), {
  loadPaths: [root, join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  logger: sass.Logger.silent,
});
writeFileSync(join(out, "application.css"), css + "\n");

function copyDir(from, to) {
  for (const name of readdirSync(from).sort()) {
    if (!name.endsWith(".map")) copyFileSync(join(from, name), join(to, name));
  }
}
copyDir(join(govuk, "assets/images"), join(out, "assets/images"));
// No fonts: GDS Transport is licensed for GOV.UK domains only, and without
// its @font-face the stylesheets fall back to Arial, as an internal service should.
copyDir(join(moj, "assets/images"), join(out, "assets/images"));
copyFileSync(join(govuk, "assets/manifest.json"), join(out, "assets/manifest.json"));

// The minified bundles end with a source map comment for a file we do not ship.
for (const [from, name] of [
  [join(govuk, "govuk-frontend.min.js"), "govuk-frontend.min.js"],
  [join(moj, "moj-frontend.min.js"), "moj-frontend.min.js"],
]) {
  const code = readFileSync(from, "utf8").replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n");
  writeFileSync(join(out, name), code);
}
console.log(`Built ${out}`);
