// Bundles the widget into one browser script (socket.io-client included): dist/widget/chat-widget.js, with gzip and
// brotli copies and a manifest (version, sizes, content hash) the api serves it by. Also builds the demo page's
// own script and style into dist/widget/demo. Run by `npm run build`; `node apps/widget/build.mjs` alone works too.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, transform } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const out = resolve(root, 'dist/widget');
const version = /WIDGET_VERSION = '([^']+)'/.exec(readFileSync(resolve(here, 'src/version.ts'), 'utf8'))?.[1];
if (!version) throw new Error('widget: no WIDGET_VERSION in apps/widget/src/version.ts');

// Browsers with custom elements, shadow DOM, container queries and adoptedStyleSheets.
const target = ['chrome105', 'edge105', 'firefox110', 'safari16.4'];

// Stylesheets the components import become minified strings, adopted by their shadow roots at run time.
const cssAsText = {
  name: 'css-as-text',
  setup(context) {
    context.onLoad({ filter: /\.css$/ }, async ({ path }) => {
      const { code } = await transform(readFileSync(path, 'utf8'), { loader: 'css', minify: true, target });
      return { contents: `export default ${JSON.stringify(code.trim())};`, loader: 'js' };
    });
  },
};

// The widget's tsconfig.json, for its path aliases (@chat/web-protocol, …) to resolve here as they type-check.
const tsconfig = resolve(here, 'tsconfig.json');

const widget = await build({
  entryPoints: [resolve(here, 'src/index.ts')],
  tsconfig,
  plugins: [cssAsText],
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target,
  legalComments: 'none',
  banner: { js: `/*! chat-widget ${version} (includes socket.io-client, MIT) */` },
  write: false,
  logLevel: 'warning',
});
const code = widget.outputFiles[0].contents;

mkdirSync(resolve(out, 'demo'), { recursive: true });
const gzip = gzipSync(code, { level: 9 });
const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
const manifest = {
  name: 'chat-widget',
  version,
  major: Number(version.split('.')[0]),
  file: 'chat-widget.js',
  sha256: createHash('sha256').update(code).digest('base64url'),
  bytes: { raw: code.length, gzip: gzip.length, brotli: brotli.length },
};
// Each file is written aside and renamed into place: a running api never serves half a file.
writeAtomically('chat-widget.js', code);
writeAtomically('chat-widget.js.gz', gzip);
writeAtomically('chat-widget.js.br', brotli);

await build({
  entryPoints: [resolve(here, 'demo/demo-page.ts'), resolve(here, 'demo/demo-page.css')],
  tsconfig,
  bundle: true,
  minify: true,
  platform: 'browser',
  target,
  outdir: resolve(out, 'demo'),
  logLevel: 'warning',
});
copyFileSync(resolve(here, 'demo/index.html'), resolve(out, 'demo/index.html'));
writeAtomically('manifest.json', JSON.stringify(manifest, null, 2));

const kB = (n) => `${(n / 1024).toFixed(1)} kB`;
console.log(`widget ${version}: dist/widget/chat-widget.js ${kB(code.length)} (gzip ${kB(gzip.length)}, brotli ${kB(brotli.length)})`);

function writeAtomically(name, content) {
  const path = resolve(out, name);
  writeFileSync(`${path}.tmp`, content);
  renameSync(`${path}.tmp`, path);
}
