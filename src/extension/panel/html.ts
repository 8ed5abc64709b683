// The panel's HTML: a strict CSP (nothing inline, scripts only by nonce) and resources from dist/, with
// the panel's start-up facts written in as data, so the script builds the panel without asking the host.
import { randomBytes } from 'node:crypto';
import { PANEL_INIT_ID, type PanelInit } from '../../shared/protocol';

/** Where the page may load from, as webview URIs turned into strings. */
export interface PanelResources {
  cspSource: string;
  script: string;
  style: string;
  codicons: string;
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

export function panelHtml(resources: PanelResources, init: PanelInit, nonce: string = makeNonce()): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // The editor (CodeMirror) adds its own <style> elements, each carrying this nonce.
    `style-src ${resources.cspSource} 'nonce-${nonce}'`,
    `font-src ${resources.cspSource}`,
    `img-src ${resources.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(resources.codicons)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${escapeAttribute(resources.style)}">
<title>gRPC Request</title>
</head>
<body>
<main id="app" aria-live="off">Loading…</main>
<script type="application/json" id="${PANEL_INIT_ID}">${scriptJson(init)}</script>
<script nonce="${nonce}" src="${escapeAttribute(resources.script)}"></script>
</body>
</html>`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * JSON that stays inside its <script> element: a saved request's text may hold `</script>` or `<!--`.
 * Outside strings JSON has no `<`, `>` or `&`, and inside them the escapes read back as the same text.
 */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
