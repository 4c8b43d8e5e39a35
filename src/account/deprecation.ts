// One warning per model when Venice says it will retire it: from the deprecation headers of a
// response, or from model_spec.deprecation in the model list. Which models were already announced is
// remembered in global state, so the warning appears once, not on every request or every start.
// No `vscode` import.
import { safeServerText } from '../venice/errors';
import type { ResponseMeta, VeniceModel } from '../venice/types';

/** The slice of vscode.Memento this needs. */
export interface NoticeMemory {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

export interface DeprecationNotice {
  modelId: string;
  /** YYYY-MM-DD, when Venice gave a date. */
  date?: string;
  message: string;
}

export const SHOWN_KEY = 'venice.deprecationNoticesShown';
const MODEL_ID = /^[A-Za-z0-9._:/@+-]{1,200}$/;

function day(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isFinite(t) ? new Date(t).toISOString().slice(0, 10) : undefined;
}

export class DeprecationNotices {
  /** Models announced in this session (the memento write is async; this closes the gap). */
  private readonly shownNow = new Set<string>();

  constructor(
    private readonly memory: NoticeMemory,
    private readonly notify: (notice: DeprecationNotice) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Deprecation headers of one response (x-venice-model-deprecation-warning / -date). */
  fromMeta(meta: ResponseMeta): boolean {
    if (!meta.modelId || (!meta.deprecationDate && !meta.deprecationWarning)) return false;
    const warning = meta.deprecationWarning ? safeServerText(meta.deprecationWarning) : undefined;
    return this.announce(meta.modelId, day(meta.deprecationDate), warning);
  }

  /** model_spec.deprecation of a model from the catalogue. */
  fromModel(model: VeniceModel | undefined): boolean {
    const dep = model?.model_spec?.deprecation;
    if (!model || !dep || (!dep.date && !dep.removesAt)) return false;
    const replacement = typeof dep.autoRemap === 'string' && MODEL_ID.test(dep.autoRemap) ? dep.autoRemap : undefined;
    return this.announce(model.id, day(dep.date) ?? day(dep.removesAt), replacement ? `Venice suggests ${replacement} instead.` : undefined);
  }

  private announce(modelId: string, date: string | undefined, extra: string | undefined): boolean {
    if (!MODEL_ID.test(modelId) || this.shownNow.has(modelId)) return false;
    const shown = this.memory.get<Record<string, string>>(SHOWN_KEY) ?? {};
    if (Object.prototype.hasOwnProperty.call(shown, modelId)) return false;
    this.shownNow.add(modelId);
    void Promise.resolve(this.memory.update(SHOWN_KEY, { ...shown, [modelId]: date ?? 'unknown' })).catch(() => undefined);
    const past = date !== undefined && Date.parse(date) < this.now();
    const when = date ? (past ? ` was scheduled for retirement on ${date}` : ` will be retired on ${date}`) : ' is deprecated and will be retired';
    const message = `Venice: the model ${modelId}${when}.${extra ? ` ${extra}` : ''} Choose another model before then to avoid failed requests.`;
    this.notify({ modelId, date, message });
    return true;
  }
}
