// The gallery chunk (esbuild.mjs lazyChunks): the Venice Assets tree and its item actions, loaded
// when the view is first shown or an action first runs. register.ts require()s it.
export { AssetTreeProvider } from './tree';
export { copyAssetLink, generateVariation, openAsset, revealAsset } from './actions';
