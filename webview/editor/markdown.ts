// Stands in for codemirror-json-schema's Markdown renderer (markdown-it with Shiki, about 9 MB of
// grammars and themes). Completion details are proto comments from servers: they are shown as text,
// escaped, with `code` spans kept, and never parsed as HTML.
export function renderMarkdown(markdown: string): string {
  const escaped = markdown.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return escaped.replace(/`([^`]+)`/g, '<code>$1</code>').replace(/\n/g, '<br>');
}
