// An answer as text worth listening to: Markdown markup, citation markers and code are not read out.
export function speakableText(markdown: string): string {
  return markdown
    .replace(/(`{3,}|~{3,})[^\n]*\n[\s\S]*?(\n\1|$)/g, ' (code omitted) ')
    .replace(/`([^`\n]*)`/g, '$1')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\^\d+(?:\s*,\s*\d+)*\^|\[REF\][\d,\s]+\[\/REF\]/g, '')
    .replace(/^[ \t]{0,3}(#{1,6}|>|[-*+]|\d+[.)])[ \t]+/gm, '')
    .replace(/^[ \t]*\|?([ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*$/gm, '')
    .replace(/[*_~]{1,3}([^*_~\n]+)[*_~]{1,3}/g, '$1')
    .replace(/\|/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
