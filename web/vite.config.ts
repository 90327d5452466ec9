// The dashboard's build: `vite build web` (npm run build) writes it to dist/web, which the package ships and
// src/server/dashboard.ts serves; `vite web` (npm run dev:web) serves it with hot reload, passing /api to a
// `salesops serve` on port 8080.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
