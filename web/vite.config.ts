import { defineConfig } from 'vite';

// `npm run dev` proxies the API to a `vigie serve` on port 8080; `npm run build` writes dist/,
// which `vigie serve --web web/dist` serves beside the API.
export default defineConfig({
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/health': 'http://127.0.0.1:8080' } },
  build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 1500 },
});
