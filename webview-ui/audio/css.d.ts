// esbuild bundles imported CSS into dist/audio.css; TypeScript only needs to know the import exists.
declare module '*.css';
