// One inline-completion request on the one core: the model comes from the catalogue
// (`venice.completions.model`, else Venice's `default_code` trait), the body from the request
// planner (max-token clamp, venice_parameters, the context budget), and it streams through the
// Venice client like every other chat request. No `vscode` import.
import { maxOutputTokensOf, modelName } from '../llm/capabilities';
import type { ModelCatalog } from '../llm/modelCatalog';
import { codeModelId } from '../llm/modelResolve';
import { fitRequest, planRequest } from '../llm/planner';
import type { ChatCompletionRequest, VeniceModel } from '../venice/types';
import type { CompletionPrompt } from './prompt';

/** Low temperature: the likeliest code, not a creative one. */
const TEMPERATURE = 0.2;

export interface CompletionModel {
  id: string;
  /** The catalogue's name for it (the id when unknown). */
  label: string;
  info?: VeniceModel;
}

export type ModelSource = Pick<ModelCatalog, 'traits' | 'find'>;

/** The model for `setting` ('' = the `default_code` trait) with its catalogue entry when listed. */
export async function resolveCompletionModel(models: ModelSource, setting: string, log?: (m: string) => void): Promise<CompletionModel> {
  const id = await codeModelId(models, setting, undefined, log);
  const info = await models.find('text', id).catch(() => undefined);
  return { id, label: modelName(id, info), info };
}

/** The request body for `prompt`, planned like every chat request. */
export function completionBody(model: CompletionModel, prompt: CompletionPrompt): ChatCompletionRequest {
  const reasoning = model.info?.model_spec?.capabilities?.supportsReasoning === true;
  const plan = planRequest(
    {
      model: model.id,
      resolvedModel: model.id,
      modelInfo: model.info,
      temperature: TEMPERATURE,
      maxCompletionTokens: Math.min(prompt.maxTokens, maxOutputTokensOf(model.info) ?? prompt.maxTokens),
      systemPrompt: prompt.system,
      includeVeniceSystemPrompt: false,
      webSearch: 'off',
      character: '',
      maxToolRounds: 1,
    },
    [],
    { stop: prompt.stop, disable_thinking: reasoning || undefined },
  );
  return fitRequest(plan, [prompt.user]).body;
}
