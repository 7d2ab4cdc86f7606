/**
 * The web application's build: React through Vite into dist/web, which the Fastify server serves
 * (with index.html for every non-API path). `npm run dev:web` proxies /api to a running server.
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    port: Number(process.env.UTFALL_WEB_PORT ?? 5173),
    proxy: { '/api': process.env.UTFALL_API ?? 'http://localhost:3100' },
  },
});
