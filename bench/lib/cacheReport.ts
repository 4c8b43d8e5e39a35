// Target and report section of part 9, prompt caching (bench/cache/run.ts).
import type { CacheBench } from '../cache/run';
import { table, x, type Target } from './format';

const usd = (n: number): string => `$${n.toFixed(4)}`;

export function cacheTargets(c: CacheBench | null | undefined): Target[] {
  if (!c) return [];
  return [
    {
      name: `Prompt caching: billed prompt cost of a ${c.turns}-turn conversation, cached vs not`,
      value: `${usd(c.withCache.totalPromptUsd)} vs ${usd(c.withoutCache.totalPromptUsd)} = ${x(c.promptCostRatio)}`,
      target: '< 1.00× (cheaper with caching)',
      met: c.promptCostRatio < 1,
      note: `${Math.round(c.cachedShare * 100)}% of the prompt tokens read from the cache; ${c.model} in the simulator, ${c.seconds} s`,
    },
  ];
}

export function cacheSection(c: CacheBench | null | undefined): string[] {
  if (!c) return [];
  const rows = c.withCache.promptUsd.map((p, i) => [
    String(i + 1),
    c.withCache.promptTokens[i].toLocaleString('en-US'),
    c.withCache.cachedTokens[i].toLocaleString('en-US'),
    c.withCache.writtenTokens[i].toLocaleString('en-US'),
    usd(p),
    usd(c.withoutCache.promptUsd[i]),
  ]);
  rows.push(['all', '', '', '', usd(c.withCache.totalPromptUsd), usd(c.withoutCache.totalPromptUsd)]);
  return [
    '## 9. Prompt caching',
    '',
    `A ${c.turns}-turn conversation (a ~${c.systemPromptTokens.toLocaleString('en-US')}-token system prompt, then questions and answers) sent through the real client and the one request planner to the simulator's ${c.model}, whose /models pricing lists cache reads at a tenth and cache writes at 1.25× the input price. "Cached": as the product sends it (prompt_cache_key and cache_control on the system prompt and the last two questions); "not cached": the same plan with prompt caching off. Prompt cost per turn from the simulator's cache accounting (cached_tokens, cache_creation_input_tokens) at the listed prices. Everything charged, answers included: ${usd(c.withCache.totalChargedUsd)} cached vs ${usd(c.withoutCache.totalChargedUsd)} not.`,
    '',
    table(['Turn', 'Prompt tokens', 'Read from cache', 'Written to cache', 'Prompt cost, cached', 'Prompt cost, not cached'], rows),
    '',
  ];
}
