// Types of scripts/tool-validators.mjs, for the unit test that checks the generated module is current.
export declare const GENERATED_FILE: string;
export declare function schemaHash(schema: unknown): string;
export declare function toolValidatorsSource(): Promise<string>;
export declare function writeToolValidators(): Promise<boolean>;
