// Identifiers shared by surfaces that must not import each other.
/** The vendor under which Venice's models appear in VS Code's language model API (package.json `languageModelChatProviders`). */
export const LM_VENDOR = 'venice';
