// Builds static/css/portal.css and copies vendored libraries into static/vendor/.
// Run with `make assets` (npm ci + npm run build). The output is committed so that
// `make run` works without Node; re-run after changing static/src/ or package.json.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const modules = join(root, "node_modules");
const staticDir = join(root, "static");

// Only the NL Design System components the templates use, to stay inside the page budget.
const utrechtComponents = [
  "document",
  "skip-link",
  "link",
  "button",
  "heading-1",
  "heading-2",
  "heading-3",
  "paragraph",
  "unordered-list",
  "table",
  "form-field",
  "form-fieldset",
  "form-label",
  "form-field-description",
  "form-field-error-message",
  "textbox",
  "select",
  "checkbox",
  "radio-button",
  "alert",
  "page-header",
  "page-footer",
  "separator",
  "link-list",
];

const read = (path) => readFileSync(path, "utf8");
const stripSourceMap = (css) => css.replace(/\/\*# sourceMappingURL=.*?\*\//g, "");

const parts = [
  "/* Built by static/src/build.mjs — do not edit; edit static/src/css/ instead. */",
  "/* NL Design System components: @utrecht/*-css, EUPL-1.2, (c) Frameless B.V., Gemeente Utrecht. See vendor/utrecht/LICENSE.md */",
  ...utrechtComponents.map((name) =>
    stripSourceMap(read(join(modules, "@utrecht", `${name}-css`, "dist", "index.min.css"))),
  ),
  read(join(root, "static", "src", "css", "tokens.css")),
  read(join(root, "static", "src", "css", "site.css")),
];
mkdirSync(join(staticDir, "css"), { recursive: true });
writeFileSync(join(staticDir, "css", "portal.css"), parts.join("\n"));

const copy = (from, to) => {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
};
copy(
  join(modules, "@utrecht", "component-library-css", "LICENSE.md"),
  join(staticDir, "vendor", "utrecht", "LICENSE.md"),
);
// Production's CompressedManifestStaticFilesStorage refuses files that reference missing
// files: drop the source-map comment (the .map is not shipped) and ship the CSS's images.
const leafletDir = join(staticDir, "vendor", "leaflet");
mkdirSync(leafletDir, { recursive: true });
writeFileSync(
  join(leafletDir, "leaflet.js"),
  read(join(modules, "leaflet", "dist", "leaflet.js")).replace(/\n\/\/# sourceMappingURL=.*\n?$/, "\n"),
);
copy(join(modules, "leaflet", "dist", "leaflet.css"), join(leafletDir, "leaflet.css"));
for (const image of ["layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"]) {
  copy(join(modules, "leaflet", "dist", "images", image), join(leafletDir, "images", image));
}
copy(join(modules, "leaflet", "LICENSE"), join(staticDir, "vendor", "leaflet", "LICENSE"));
console.log("Built static/css/portal.css and static/vendor/");
