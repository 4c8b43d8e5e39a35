// One guard for "a JSON object" in untrusted data (API responses, stream chunks, command arguments):
// a non-null object that is not an array. No `vscode` import.

export type UnknownRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is UnknownRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as a record to read fields from, or undefined when it is not one (so `asRecord(x)?.field` reads safely). */
export function asRecord(value: unknown): UnknownRecord | undefined {
  return isRecord(value) ? value : undefined;
}
