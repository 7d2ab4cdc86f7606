/**
 * The web application's build: React through Vite into dist/web, which the Fastify server serves
 * (with index.html for every non-API path). `npm run dev:web` proxies /api to a running server.
 *
 * src/boot.ts is a second, tiny entry, loaded by a script tag of its own ahead of the bundle, so
 * that the first page's requests start before the bundle has been parsed. `vite build --ssr`
 * builds src/entry-server.tsx, with which the server renders the overview and unit pages.
 */
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.UTFALL_API ?? 'http://localhost:3100';
/** The version the footer shows: package.json's, as the CLI and the API give it. */
const { version } = JSON.parse(
  readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8'),
) as { version: string };

function bootScript(): Plugin {
  return {
    name: 'utfall-boot-script',
    // A classic script shares the page's global scope: the boot chunk (which inlines the
    // domain's pageDataPath) runs inside a function of its own, so nothing of it becomes global.
    renderChunk(code, chunk) {
      if (!chunk.isEntry || chunk.name !== 'boot') return null;
      return { code: `(()=>{${code}\n})();\n`, map: null };
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const chunk = Object.values(context.bundle ?? {}).find(
          (output) => output.type === 'chunk' && output.isEntry && output.name === 'boot',
        );
        // Built, a classic script (it has no imports or exports, so it is one plain function
        // call), deferred so that the HTML the server rendered is parsed and shown without
        // waiting for it, and run before the bundle; in development the module source as it is.
        return [
          chunk
            ? {
                tag: 'script',
                attrs: { src: `/${chunk.fileName}`, defer: true },
                injectTo: 'head-prepend',
              }
            : { tag: 'script', attrs: { type: 'module', src: '/src/boot.ts' }, injectTo: 'head' },
        ];
      },
    },
  };
}

/**
 * The stylesheet inside index.html rather than linked: the first screen, which the server renders,
 * is painted without waiting for another request (the content security policy allows inline
 * styles; it never allows inline scripts).
 */
function inlineStylesheet(): Plugin {
  return {
    name: 'utfall-inline-stylesheet',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        let result = html;
        for (const output of Object.values(context.bundle ?? {})) {
          if (output.type !== 'asset' || !output.fileName.endsWith('.css')) continue;
          const link = new RegExp(`<link rel="stylesheet"[^>]*href="/${output.fileName}"[^>]*>`);
          const css = typeof output.source === 'string' ? output.source : '';
          if (css && !css.includes('</')) result = result.replace(link, `<style>${css}</style>`);
        }
        return result;
      },
    },
  };
}

export default defineConfig(({ isSsrBuild }) => ({
  root,
  base: '/',
  plugins: [react(), bootScript(), inlineStylesheet()],
  // The server's renderer carries its own React, in its production build.
  ssr: { noExternal: true },
  define: {
    'import.meta.env.UTFALL_VERSION': JSON.stringify(version),
    ...(isSsrBuild ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {}),
  },
  build: isSsrBuild
    ? {
        // `vite build --ssr`: the server's renderer of the first screen (src/entry-server.tsx).
        ssr: fileURLToPath(new URL('src/entry-server.tsx', import.meta.url)),
        outDir: fileURLToPath(new URL('../dist/web-server', import.meta.url)),
        emptyOutDir: true,
        target: 'node20',
        sourcemap: false,
      }
    : {
        outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
        emptyOutDir: true,
        target: 'es2022',
        sourcemap: false,
        rollupOptions: {
          input: {
            index: fileURLToPath(new URL('index.html', import.meta.url)),
            boot: fileURLToPath(new URL('src/boot.ts', import.meta.url)),
          },
        },
      },
  server: {
    port: Number(process.env.UTFALL_WEB_PORT ?? 5173),
    proxy: {
      '/api': {
        target: api,
        changeOrigin: true,
        // The login refuses a form posted from another origin: the proxy speaks for the API's.
        configure: (proxy) => {
          proxy.on('proxyReq', (request) => {
            if (request.getHeader('origin')) request.setHeader('origin', new URL(api).origin);
          });
        },
      },
    },
  },
}));
