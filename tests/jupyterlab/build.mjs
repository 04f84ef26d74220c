// Bundles app/ (the JupyterLab notebook application) into build/static with esbuild:
// ES modules with code splitting (CodeMirror loads languages on demand), one CSS bundle.
// JupyterLab's stylesheets import each other as url('~@pkg/...') (webpack's notation) and use
// SVG icons both as CSS url()s (inlined as data: URIs) and as JS strings (imported as text).
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);
const jupyterlabStyles = {
  name: 'jupyterlab-styles',
  setup(build) {
    build.onResolve({ filter: /^~/ }, (args) => ({ path: require.resolve(args.path.slice(1), { paths: [args.resolveDir] }) }));
    build.onResolve({ filter: /\.svg$/ }, (args) => args.kind === 'url-token'
      ? { path: resolve(args.resolveDir, args.path), namespace: 'svg-url' } : undefined);
    build.onLoad({ filter: /.*/, namespace: 'svg-url' }, (args) => ({ contents: readFileSync(args.path), loader: 'dataurl' }));
  },
};

await esbuild.build({
  entryPoints: { index: 'app/index.js' },
  bundle: true,
  splitting: true,
  format: 'esm',
  outdir: 'build/static',
  minify: true,
  sourcemap: false,
  logLevel: 'warning',
  loader: { '.svg': 'text', '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.eot': 'dataurl',
    '.png': 'dataurl', '.gif': 'dataurl', '.md': 'text', '.html': 'text' },
  define: { 'process.env.NODE_ENV': '"production"', 'process.env': '{}', global: 'window' },
  plugins: [jupyterlabStyles],
});
