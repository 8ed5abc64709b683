// WCAG contrast of every visible text in a webview, computed from the colours the browser resolved:
// each element with text of its own, against the first opaque background behind it (semi-transparent
// layers blended in). Disabled controls are exempt, as WCAG exempts inactive components.
import type { FrameLocator } from 'playwright-core';

export interface ContrastReport {
  checked: number;
  lowest: number;
  failures: string[];
}

// Plain JavaScript run inside the page. Kept as text so the test runner's transform adds no helpers
// that the page does not have.
const IN_PAGE = `
  const parse = (value) => {
    const parts = (value.match(/[\\d.]+/g) || [0, 0, 0, 0]).map(Number);
    // color-mix() computes to color(srgb r g b [/ a]), with channels from 0 to 1.
    const scale = value.startsWith('color(srgb') ? 255 : 1;
    return [parts[0] * scale, parts[1] * scale, parts[2] * scale, parts[3] === undefined ? 1 : parts[3]];
  };
  const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const luminance = (rgb) => {
    const channel = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
    return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const backgroundOf = (element) => {
    const layers = [];
    for (let node = element; node; ) {
      const inner = node.shadowRoot && node.shadowRoot.querySelector('button, .root, [part]');
      if (inner) layers.push(parse(getComputedStyle(inner).backgroundColor));
      layers.push(parse(getComputedStyle(node).backgroundColor));
      if (layers[layers.length - 1][3] >= 1) break;
      node = node.parentElement || node.getRootNode().host || null;
    }
    let result = parse(getComputedStyle(document.body).backgroundColor);
    if (result[3] < 1) result = [255, 255, 255, 1];
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };
  const failures = [];
  let checked = 0;
  let lowest = Infinity;
  for (const element of body.querySelectorAll('*')) {
    const text = [...element.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent || '').join('').trim();
    if (!text || !element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    if (element.closest('[disabled], [aria-disabled="true"]')) continue;
    // Text slotted into a component inherits from the slot's parent in its shadow tree, not from the host.
    const slot = element.shadowRoot && element.shadowRoot.querySelector('slot:not([name])');
    const style = getComputedStyle(slot && slot.parentElement ? slot.parentElement : element);
    const background = backgroundOf(element);
    const value = ratio(over(parse(style.color), background), background);
    checked++;
    lowest = Math.min(lowest, value);
    if (value < min)
      failures.push(value.toFixed(2) + ':1 "' + text.slice(0, 40) + '" (' + element.tagName.toLowerCase() + '.' + element.className + ') ' + style.color + ' on rgb(' + background.slice(0, 3).join(', ') + ')');
  }
  return { checked, lowest, failures };
`;

export async function lowContrastTexts(panel: FrameLocator, minimum = 4.5): Promise<ContrastReport> {
  const measure = new Function('body', 'min', IN_PAGE) as (body: unknown, min: number) => ContrastReport;
  return panel.locator('body').evaluate(measure, minimum);
}
