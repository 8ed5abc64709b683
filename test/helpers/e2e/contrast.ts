/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// WCAG contrast of every visible text in a webview, computed from the colours the browser resolved:
// each element with text of its own, against the first opaque background behind it (semi-transparent
// layers blended in). Disabled controls are exempt, as WCAG exempts inactive components.
// The evaluated function runs in the page, hence the DOM types above.
import type { FrameLocator } from 'playwright-core';

export interface ContrastReport {
  checked: number;
  lowest: number;
  failures: string[];
}

export async function lowContrastTexts(panel: FrameLocator, minimum = 4.5): Promise<ContrastReport> {
  return panel.locator('body').evaluate((body, min) => {
    type RGBA = [number, number, number, number];
    const parse = (value: string): RGBA => {
      const parts = value.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      return [parts[0], parts[1], parts[2], parts[3] ?? 1];
    };
    const over = (top: RGBA, bottom: RGBA): RGBA => {
      const a = top[3];
      return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat(1) as RGBA;
    };
    const luminance = ([r, g, b]: RGBA) => {
      const channel = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const ratio = (a: RGBA, b: RGBA) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (hi + 0.05) / (lo + 0.05);
    };
    /** Backgrounds from the element outwards (into shadow hosts too), blended until opaque. */
    const backgroundOf = (element: Element): RGBA => {
      const layers: RGBA[] = [];
      for (let node: Element | null = element; node;) {
        const inner = node.shadowRoot?.querySelector('button, .root, [part]');
        if (inner) layers.push(parse(getComputedStyle(inner).backgroundColor));
        layers.push(parse(getComputedStyle(node).backgroundColor));
        if (layers[layers.length - 1][3] >= 1) break;
        node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host || null);
      }
      let result: RGBA = parse(getComputedStyle(document.body).backgroundColor);
      if (result[3] < 1) result = [255, 255, 255, 1];
      for (const layer of layers.reverse()) result = over(layer, result);
      return result;
    };
    const failures: string[] = [];
    let checked = 0;
    let lowest = Infinity;
    const all = [...body.querySelectorAll('*')];
    for (const element of all) {
      const text = [...element.childNodes]
        .filter((node) => node.nodeType === Node.TEXT_NODE)
        .map((node) => node.textContent ?? '')
        .join('')
        .trim();
      if (!text || !(element as HTMLElement).checkVisibility?.({ opacityProperty: true, visibilityProperty: true })) continue;
      if (element.closest('[disabled], [aria-disabled="true"]')) continue;
      const style = getComputedStyle(element);
      const background = backgroundOf(element);
      const color = over(parse(style.color), background);
      const value = ratio(color, background);
      checked++;
      lowest = Math.min(lowest, value);
      if (value < min)
        failures.push(
          `${value.toFixed(2)}:1 "${text.slice(0, 40)}" (${element.tagName.toLowerCase()}.${element.className}) ${style.color} on rgb(${background.slice(0, 3).join(', ')})`,
        );
    }
    return { checked, lowest, failures };
  }, minimum);
}
