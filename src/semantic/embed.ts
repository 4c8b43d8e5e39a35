// The indexer's view of Venice's /embeddings endpoint, and the model it uses. No `vscode` import.
import type { VeniceApi } from '../venice/api';
import type { Embedder } from './indexer';

/** Venice's documented default embedding model (1024 numbers per vector, private). */
export const DEFAULT_EMBEDDING_MODEL = 'text-embedding-bge-m3';

/** Embeds in input order (Venice's answer carries an index per item; it is not trusted to be sorted). */
export function veniceEmbedder(api: Pick<VeniceApi, 'embeddings'>, model: string): Embedder {
  return async (inputs, signal) => {
    const res = await api.embeddings({ model, input: inputs, encoding_format: 'float' }, { signal });
    const vectors: number[][] = new Array<number[]>(inputs.length);
    for (const item of res.data) {
      if (Number.isInteger(item.index) && item.index >= 0 && item.index < inputs.length) vectors[item.index] = item.embedding;
    }
    for (let i = 0; i < inputs.length; i++) {
      if (!vectors[i]) throw new Error(`Venice returned no embedding for text ${i + 1} of ${inputs.length}.`);
    }
    return { vectors, tokens: res.usage?.prompt_tokens };
  };
}

/** One query vector (for search). */
export async function embedQuery(embed: Embedder, query: string, signal: AbortSignal): Promise<number[]> {
  const out = await embed([query], signal);
  const v = out.vectors[0];
  if (!v) throw new Error('Venice returned no embedding for the query.');
  return v;
}
