/**
 * The web application's build: React through Vite into dist/web, which the Fastify server serves
 * (with index.html for every non-API path). `npm run dev:web` proxies /api to a running server.
 *
 * src/boot.ts is a second, tiny entry, loaded by a script tag of its own ahead of the bundle, so
 * that the first page's requests start before the bundle has been parsed.
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.UTFALL_API ?? 'http://localhost:3100';

function bootScript(): Plugin {
  return {
    name: 'utfall-boot-script',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const chunk = Object.values(context.bundle ?? {}).find(
          (output) => output.type === 'chunk' && output.isEntry && output.name === 'boot',
        );
        // Built, a classic script that runs as soon as it arrives (it has no imports or exports,
        // so it is one plain function call); in development the module source as it is.
        return [
          chunk
            ? { tag: 'script', attrs: { src: `/${chunk.fileName}` }, injectTo: 'head-prepend' }
            : { tag: 'script', attrs: { type: 'module', src: '/src/boot.ts' }, injectTo: 'head' },
        ];
      },
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [react(), bootScript()],
  build: {
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
});
