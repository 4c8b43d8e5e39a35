// The Venice-only options the chat header shows: the web search mode and the character (persona),
// with the character's display name fetched once per slug. Posted when the view (re)starts and when
// either setting changes. No `vscode` import.
import type { ChatOptionsView, ToWebview, WebSearchModeView } from '../shared/protocol';
import type { VeniceApi } from '../venice/api';
import { oneLine } from '../util/text';
import { isVeniceError } from '../venice/errors';

export interface ChatOptionSettings {
  webSearch: WebSearchModeView;
  /** '' = no character. */
  character: string;
}

interface NameLookup {
  name?: string;
  missing?: boolean;
}

const MAX_NAME = 80;


export class ChatOptionsPublisher {
  private readonly names = new Map<string, NameLookup>();
  private readonly lookingUp = new Set<string>();

  constructor(
    private readonly api: Pick<VeniceApi, 'character'>,
    private readonly settings: () => ChatOptionSettings,
    private readonly post: (m: ToWebview) => void,
  ) {}

  view(): ChatOptionsView {
    const s = this.settings();
    if (!s.character) return { webSearch: s.webSearch, character: null };
    const known = this.names.get(s.character);
    return { webSearch: s.webSearch, character: { slug: s.character, ...(known?.name ? { name: known.name } : {}), ...(known?.missing ? { missing: true } : {}) } };
  }

  /** Posts the options now, and again once the character's name is known. */
  publish(): void {
    this.post({ type: 'options', options: this.view() });
    const slug = this.settings().character;
    if (slug && !this.names.has(slug)) void this.lookUp(slug);
  }

  /** A new key may see other characters: names are asked for again. */
  forgetNames(): void {
    this.names.clear();
  }

  private async lookUp(slug: string): Promise<void> {
    if (this.lookingUp.has(slug)) return;
    this.lookingUp.add(slug);
    try {
      const c = await this.api.character(slug);
      this.names.set(slug, { name: oneLine(c.name, { maxLength: MAX_NAME }) || slug });
    } catch (err) {
      // Only "not found" is remembered; a missing key or a network error is asked again next time.
      if (isVeniceError(err) && (err.kind === 'notFound' || err.kind === 'badRequest')) this.names.set(slug, { missing: true });
      else return;
    } finally {
      this.lookingUp.delete(slug);
    }
    if (this.settings().character === slug) this.post({ type: 'options', options: this.view() });
  }
}
