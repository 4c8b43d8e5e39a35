// Types of scripts/codicons.mjs, for the unit test that checks the webview's codicons subset.
export declare function codiconGlyphs(css?: string): Map<string, number>;
export declare function usedCodicons(dirs?: string[], glyphs?: Map<string, number>): Set<string>;
export declare function writeCodiconsSubset(outDir: string, dirs?: string[]): Promise<string>;
