// Part 9 of `npm run bench`: prompt caching. One 10-turn conversation with a cache-priced model
// (the simulator's claude-sonnet-4-6: cache reads at a tenth of the input price, writes at 1.25×),
// sent twice through the real client and the one request planner against the strict simulator:
// once as the product sends it (prompt_cache_key + cache_control breakpoints), once with prompt
// caching turned off in the plan. The billed prompt cost of each turn comes from the simulator's
// cache accounting (usage.prompt_tokens_details) priced with the model's /models prices.
// Plain Node, simulator in this process; takes a few seconds. Writes JSON to the path in argv[2].
import { writeFileSync } from 'node:fs';
import { costFromPricing, tokenPricingOf } from '../../src/llm/cost';
import { fitRequest, planRequest, type TurnSettings } from '../../src/llm/planner';
import { VeniceClient } from '../../src/venice/client';
import type { ChatMessage, Usage } from '../../src/venice/types';
import { startSimulator } from '../../test/fixtures/simulator';
import { round } from '../lib/stats';

export interface CacheRun {
  /** Billed prompt cost per turn (USD). */
  promptUsd: number[];
  cachedTokens: number[];
  writtenTokens: number[];
  promptTokens: number[];
  totalPromptUsd: number;
  /** What Venice (the simulator) charged in all, answers included. */
  totalChargedUsd: number;
}

export interface CacheBench {
  model: string;
  turns: number;
  systemPromptTokens: number;
  withCache: CacheRun;
  withoutCache: CacheRun;
  /** withCache.totalPromptUsd / withoutCache.totalPromptUsd. */
  promptCostRatio: number;
  /** Share of all prompt tokens read from the cache (with caching). */
  cachedShare: number;
  seconds: number;
}

const MODEL = 'claude-sonnet-4-6';
const KEY = 'bench-key-cache';
const TURNS = 10;
// A system prompt the size of a real coding assistant's instructions (~2,000 tokens): the stable prefix.
const SYSTEM = Array.from({ length: 40 }, (_, i) => `Rule ${i + 1}: prefer small, reviewed changes; explain each edit in one sentence and keep the user's style, names and tests intact.`).join('\n');
const question = (i: number): string => `Question ${i}: how should module ${i} handle a failed request? ${'Give the reasoning behind it. '.repeat(20)}`;

async function conversation(client: VeniceClient, settings: TurnSettings, cache: boolean): Promise<CacheRun> {
  const plan = { ...planRequest(settings, []), promptCache: cache };
  const pricing = tokenPricingOf(settings.modelInfo);
  if (!pricing) throw new Error(`${MODEL} lists no prices`);
  const run: CacheRun = { promptUsd: [], cachedTokens: [], writtenTokens: [], promptTokens: [], totalPromptUsd: 0, totalChargedUsd: 0 };
  const history: ChatMessage[] = [];
  for (let i = 1; i <= TURNS; i++) {
    history.push({ role: 'user', content: question(i) });
    const { body } = fitRequest(plan, history);
    let text = '';
    let usage: Usage | undefined;
    for await (const ev of client.streamChat(body)) {
      if (ev.type === 'text') text += ev.text;
      if (ev.type === 'usage') {
        usage = ev.usage;
        run.totalChargedUsd += ev.cost?.usd ?? 0;
      }
    }
    if (!usage) throw new Error(`turn ${i}: no usage`);
    history.push({ role: 'assistant', content: text });
    const prompt = costFromPricing({ ...usage, completion_tokens: 0 }, pricing).usd ?? 0;
    run.promptUsd.push(round(prompt, 6));
    run.promptTokens.push(usage.prompt_tokens);
    run.cachedTokens.push(usage.prompt_tokens_details?.cached_tokens ?? 0);
    run.writtenTokens.push(usage.prompt_tokens_details?.cache_creation_input_tokens ?? 0);
    run.totalPromptUsd += prompt;
  }
  run.totalPromptUsd = round(run.totalPromptUsd, 6);
  run.totalChargedUsd = round(run.totalChargedUsd, 6);
  return run;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const sim = await startSimulator({ validKeys: [KEY] });
  const client = new VeniceClient({ baseUrl: () => sim.url, getApiKey: async () => KEY, timeoutMs: () => 60_000, maxRetries: () => 0, userAgent: 'venice-vscode-bench', log: () => undefined });
  try {
    const modelInfo = (await client.listModels('text')).find((m) => m.id === MODEL);
    if (!modelInfo) throw new Error(`the simulator has no ${MODEL}`);
    const settings: TurnSettings = { model: MODEL, resolvedModel: MODEL, modelInfo, systemPrompt: SYSTEM, includeVeniceSystemPrompt: false, webSearch: 'off', character: '', maxToolRounds: 0 };
    const withCache = await conversation(client, settings, true);
    sim.reset(); // an empty cache for the second run
    const withoutCache = await conversation(client, settings, false);
    const prompt = withCache.promptTokens.reduce((a, b) => a + b, 0);
    const cached = withCache.cachedTokens.reduce((a, b) => a + b, 0);
    const out: CacheBench = {
      model: MODEL,
      turns: TURNS,
      systemPromptTokens: Math.ceil(SYSTEM.length / 4),
      withCache,
      withoutCache,
      promptCostRatio: round(withCache.totalPromptUsd / withoutCache.totalPromptUsd, 3),
      cachedShare: round(cached / prompt, 3),
      seconds: round((Date.now() - t0) / 1000, 2),
    };
    writeFileSync(process.argv[2] ?? '/dev/stdout', `${JSON.stringify(out, null, 2)}\n`);
  } finally {
    await client.close();
    await sim.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
