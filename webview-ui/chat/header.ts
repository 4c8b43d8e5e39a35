// The top bar: model picker (with a one-line description of the chosen model), the list of chats
// (switch, rename, export, delete) and "New chat". Model ids and API metadata are text only.
import type { ConversationSummaryView, ModelsView, ModelView, ToHost } from '../../src/shared/protocol';
import { clear, h, iconButton } from './dom';
import { formatDate, formatTokens } from './format';

export class Header {
  readonly el: HTMLElement;
  readonly panel: HTMLElement;
  private readonly select: HTMLSelectElement;
  private readonly info: HTMLElement;
  private readonly listToggle: HTMLButtonElement;
  private readonly list: HTMLElement;
  private models: ModelsView = { models: [], selected: '', loading: false };
  /** The chats to list, drawn when the list is shown: not on the way to a chat's first paint. */
  private chats: { list: ConversationSummaryView[]; activeId: string } = { list: [], activeId: '' };
  private chatsDrawn = false;

  constructor(
    private readonly doc: Document,
    private readonly post: (m: ToHost) => void,
  ) {
    this.select = h(doc, 'select', { className: 'model-select', 'aria-label': 'Model' });
    this.select.addEventListener('change', () => post({ type: 'selectModel', modelId: this.select.value }));
    const refresh = iconButton(doc, 'Refresh models', 'refresh');
    refresh.addEventListener('click', () => post({ type: 'refreshModels' }));
    this.listToggle = iconButton(doc, 'Chats', 'history', { 'aria-expanded': 'false', 'aria-controls': 'venice-chat-list' });
    this.listToggle.addEventListener('click', () => this.togglePanel());
    const newChat = iconButton(doc, 'New chat', 'add');
    newChat.addEventListener('click', () => {
      this.togglePanel(false);
      post({ type: 'newChat' });
    });
    this.info = h(doc, 'div', { className: 'model-info' });
    this.list = h(doc, 'ul', { className: 'chat-list' });
    this.panel = h(doc, 'section', { className: 'chat-list-panel', id: 'venice-chat-list', 'aria-label': 'Chats', hidden: true }, this.list);
    this.el = h(
      doc,
      'header',
      { className: 'toolbar' },
      h(doc, 'div', { className: 'toolbar-row' }, this.select, refresh, this.listToggle, newChat),
      this.info,
    );
  }

  focusModelPicker(): void {
    this.select.focus();
  }

  setModels(models: ModelsView): void {
    this.models = models;
    const doc = this.doc;
    clear(this.select);
    const defaultModel = models.models.find((m) => m.id === models.defaultModelId);
    const defaultLabel = defaultModel ? `Default (${defaultModel.name})` : models.defaultModelId ? `Default (${models.defaultModelId})` : 'Default model';
    this.select.append(h(doc, 'option', { value: '', text: defaultLabel }));
    for (const m of models.models) this.select.append(h(doc, 'option', { value: m.id, text: optionLabel(m) }));
    if (models.selected && !models.models.some((m) => m.id === models.selected)) {
      this.select.append(h(doc, 'option', { value: models.selected, text: models.selected }));
    }
    this.select.value = models.selected;
    this.renderInfo();
  }

  setConversations(list: ConversationSummaryView[], activeId: string): void {
    this.chats = { list, activeId };
    this.chatsDrawn = false;
    if (!this.panel.hidden) this.drawChats();
  }

  private drawChats(): void {
    const { list, activeId } = this.chats;
    const doc = this.doc;
    this.chatsDrawn = true;
    clear(this.list);
    if (list.length === 0) {
      this.list.append(h(doc, 'li', { className: 'chat-list-empty', text: 'No saved chats yet.' }));
      return;
    }
    for (const c of list) {
      const current = c.id === activeId;
      const open = h(doc, 'button', { type: 'button', className: 'chat-open', 'aria-current': current ? 'true' : undefined }, h(doc, 'span', { className: 'chat-title', text: c.title }), h(doc, 'span', { className: 'chat-date', text: formatDate(c.updatedAt) }));
      open.addEventListener('click', () => {
        this.togglePanel(false);
        this.post({ type: 'switchConversation', conversationId: c.id });
      });
      const rename = iconButton(doc, `Rename chat ${c.title}`, 'edit');
      rename.addEventListener('click', () => this.post({ type: 'renameConversation', conversationId: c.id }));
      const exportButton = iconButton(doc, `Export chat ${c.title} to Markdown`, 'export');
      exportButton.addEventListener('click', () => this.post({ type: 'exportConversation', conversationId: c.id }));
      const del = iconButton(doc, `Delete chat ${c.title}`, 'trash');
      del.addEventListener('click', () => this.post({ type: 'deleteConversation', conversationId: c.id }));
      this.list.append(h(doc, 'li', { className: current ? 'chat-item current' : 'chat-item' }, open, rename, exportButton, del));
    }
  }

  private togglePanel(show = this.panel.hidden): void {
    if (show && !this.chatsDrawn) this.drawChats();
    this.panel.hidden = !show;
    this.listToggle.setAttribute('aria-expanded', String(show));
  }

  private renderInfo(): void {
    const m = this.models;
    const id = m.selected || m.defaultModelId;
    const model = m.models.find((x) => x.id === id);
    let text: string;
    if (m.loading && m.models.length === 0) text = 'Loading models…';
    else if (m.error) text = m.error;
    else if (model) text = describe(model);
    else text = m.selected ? `${m.selected} (not in the model list)` : "Venice's default text model";
    this.info.textContent = text;
    this.info.classList.toggle('error', !!m.error);
    this.select.title = text;
  }
}

function optionLabel(m: ModelView): string {
  const parts = [m.name];
  if (m.contextTokens) parts.push(`${formatTokens(m.contextTokens)} ctx`);
  let label = parts.join(' · ');
  if (m.deprecated) label += ' (deprecated)';
  if (m.beta) label += ' (beta)';
  return label;
}

function describe(m: ModelView): string {
  const parts: string[] = [m.id];
  if (m.contextTokens) parts.push(`${formatTokens(m.contextTokens)} context`);
  if (m.capabilities.length) parts.push(m.capabilities.join(', '));
  if (m.privacy) parts.push(m.privacy);
  if (m.priceInUsd !== undefined && m.priceOutUsd !== undefined) parts.push(`$${m.priceInUsd} in / $${m.priceOutUsd} out per 1M tokens`);
  if (m.deprecated) parts.push(`deprecated (${m.deprecated.slice(0, 10)})`);
  return parts.join(' · ');
}
