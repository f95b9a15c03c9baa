import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

interface BundleChunk {
  type: 'chunk';
  fileName: string;
  name: string;
  facadeModuleId: string | null;
  imports: string[];
  dynamicImports: string[];
  code: string;
  viteMetadata?: { importedCss: Set<string>; importedAssets: Set<string> };
}
interface BundleAsset {
  type: 'asset';
  fileName: string;
}
type BundleItem = BundleChunk | BundleAsset;

/**
 * Builds the grid-worker app's service worker (`m/sw.js`) in the same build as the pages: the worker is an
 * entry (`src/mobile/sw.ts`, named `sw`) given a fixed file name, and this plugin puts in front of it the list of
 * files the app needs offline — the app's page, every chunk reachable from its entry (lazy screens
 * included), their CSS and assets, and the public files named in `extra` — with a version hashed from that
 * list, so a new build installs a new cache and drops the old one. Only what the app reaches is cached,
 * not the console.
 */
export function serviceWorkerPlugin(options: { entryHtml: string; worker: string; extra: string[] }): Plugin {
  return {
    name: 'civicgrid-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_output, bundle) {
      const items = Object.values(bundle) as unknown as BundleItem[];
      const chunks = new Map(
        items.filter((i): i is BundleChunk => i.type === 'chunk').map((c) => [c.fileName, c] as const),
      );
      const worker = [...chunks.values()].find((c) => c.name === options.worker);
      const entry = [...chunks.values()].find((c) => c.facadeModuleId?.endsWith(options.entryHtml));
      if (!worker || !entry)
        this.error(`service worker: entry ${options.entryHtml} or worker ${options.worker} missing`);
      const files = new Set<string>([options.entryHtml, ...options.extra]);
      const walk = (name: string) => {
        const chunk = chunks.get(name);
        if (!chunk || files.has(chunk.fileName)) return;
        files.add(chunk.fileName);
        for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css);
        for (const asset of chunk.viteMetadata?.importedAssets ?? []) files.add(asset);
        for (const next of [...chunk.imports, ...chunk.dynamicImports]) walk(next);
      };
      walk(entry.fileName);
      const urls = [...files].sort().map((f) => `/${f}`.replace(/\/index\.html$/, '/'));
      const version = createHash('sha256').update(urls.join('\n')).digest('hex').slice(0, 12);
      // A global set before the worker's code runs: a placeholder string inside the code could be folded away
      // or re-quoted by the minifier.
      worker.code = `self.__CIVICGRID_PRECACHE__=${JSON.stringify({ version, urls })};\n${worker.code}`;
    },
  };
}
