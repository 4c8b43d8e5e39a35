// The Venice-only row of the chat header: the web search control (off / auto / on; disabled with a
// tooltip for models without web search) and the character (persona) with a button to clear it.
// The host owns both settings: a change is sent as a fixed message and comes back as 'options'.
import type { ChatOptionsView, ModelsView, ToHost, WebSearchModeView } from '../../src/shared/protocol';
import { WEB_SEARCH_MODES } from '../../src/shared/protocol';
import { clear, h, icon, iconButton } from './dom';

const MODE_LABEL: Record<WebSearchModeView, string> = { off: 'Off', auto: 'Auto', on: 'On' };
const MODE_HINT: Record<WebSearchModeView, string> = {
  off: 'Web search is off.',
  auto: 'Venice decides per message whether to search the web; answers cite their sources.',
  on: 'Every message searches the web; answers cite their sources.',
};

export class OptionsBar {
  readonly el: HTMLElement;
  private readonly search: HTMLSelectElement;
  private readonly searchBox: HTMLElement;
  private readonly character: HTMLElement;
  private options: ChatOptionsView = { webSearch: 'off', character: null };
  private models: ModelsView | undefined;

  constructor(
    private readonly doc: Document,
    private readonly post: (m: ToHost) => void,
  ) {
    this.search = h(doc, 'select', { className: 'web-search-select', 'aria-label': 'Web search' });
    for (const mode of WEB_SEARCH_MODES) this.search.append(h(doc, 'option', { value: mode, text: MODE_LABEL[mode] }));
    this.search.addEventListener('change', () => {
      const mode = WEB_SEARCH_MODES.find((m) => m === this.search.value);
      if (mode) post({ type: 'setWebSearch', mode });
    });
    this.searchBox = h(doc, 'label', { className: 'web-search' }, icon(doc, 'globe'), h(doc, 'span', { className: 'option-label', text: 'Web' }), this.search);
    this.character = h(doc, 'div', { className: 'character' });
    this.el = h(doc, 'div', { className: 'options-row' }, this.searchBox, h(doc, 'span', { className: 'spacer' }), this.character);
    this.render();
  }

  setOptions(options: ChatOptionsView): void {
    this.options = options;
    this.render();
  }

  setModels(models: ModelsView): void {
    this.models = models;
    this.renderSearch();
  }

  private render(): void {
    this.renderSearch();
    this.renderCharacter();
  }

  /** Whether the model the next message goes to supports web search (undefined: not known yet). */
  private supportsSearch(): { supported: boolean | undefined; name: string } {
    const m = this.models;
    const id = m?.selected || m?.defaultModelId;
    const model = id ? m?.models.find((x) => x.id === id) : undefined;
    if (!model) return { supported: undefined, name: id ?? 'the chosen model' };
    return { supported: model.capabilities.includes('web search'), name: model.name };
  }

  private renderSearch(): void {
    const mode = this.options.webSearch;
    this.search.value = mode;
    const { supported, name } = this.supportsSearch();
    const disabled = supported === false;
    this.search.disabled = disabled;
    this.searchBox.classList.toggle('disabled', disabled);
    this.searchBox.classList.toggle('active', !disabled && mode !== 'off');
    const title = disabled
      ? `${name} does not support web search. Choose a model marked "web search" to use it.`
      : `Web search with cited sources (venice.chat.webSearch): ${MODE_HINT[mode]}`;
    this.search.title = title;
    this.searchBox.title = title;
  }

  private renderCharacter(): void {
    const doc = this.doc;
    clear(this.character);
    const c = this.options.character;
    if (!c) {
      const choose = h(doc, 'button', { type: 'button', className: 'character-choose', 'aria-label': 'Choose character', title: 'Chat with a Venice character (persona)' }, icon(doc, 'person'), h(doc, 'span', { text: 'Character' }));
      choose.addEventListener('click', () => this.post({ type: 'chooseCharacter' }));
      this.character.append(choose);
      return;
    }
    const shown = c.name || c.slug;
    const title = c.missing
      ? `Venice has no character "${c.slug}": messages will fail until it is cleared or another one is chosen.`
      : `Answers come from the Venice character ${shown} (${c.slug}). Click to choose another.`;
    const name = h(
      doc,
      'button',
      { type: 'button', className: c.missing ? 'character-name missing' : 'character-name', 'aria-label': `Character: ${shown}${c.missing ? ' (not found)' : ''}. Choose another`, title },
      icon(doc, c.missing ? 'warning' : 'person'),
      h(doc, 'span', { className: 'character-text', text: c.missing ? `${shown} (not found)` : shown }),
    );
    name.addEventListener('click', () => this.post({ type: 'chooseCharacter' }));
    const remove = iconButton(doc, 'Clear character', 'close');
    remove.addEventListener('click', () => this.post({ type: 'clearCharacter' }));
    this.character.append(h(doc, 'span', { className: 'character-chip' }, name, remove));
  }
}
