// The page's frame: a fixed header (indicators, target line, action bar) over two panes, request
// left and response right with a draggable split; the panes stack when the panel is narrow (CSS).
import { h } from './dom';

const MIN_FRACTION = 0.2;

export interface Frame {
  element: HTMLElement;
}

export function frame(header: HTMLElement[], request: HTMLElement[], response: HTMLElement[]): Frame {
  const left = h('div', { class: 'pane pane-request', role: 'region', 'aria-label': 'Request' }, ...request);
  const right = h('div', { class: 'pane pane-response', role: 'region', 'aria-label': 'Response' }, ...response);
  const splitter = h('div', {
    class: 'splitter',
    role: 'separator',
    tabIndex: 0,
    'aria-orientation': 'vertical',
    'aria-label': 'Resize request and response',
    'aria-valuemin': '20',
    'aria-valuemax': '80',
    'aria-valuenow': '50',
  });
  const panes = h('div', { class: 'panes', id: 'panes' }, left, splitter, right);
  const setFraction = (fraction: number) => {
    const clamped = Math.min(1 - MIN_FRACTION, Math.max(MIN_FRACTION, fraction));
    // CSSOM, not a style attribute, so the strict CSP allows it.
    panes.style.setProperty('--split', `${(clamped * 100).toFixed(1)}%`);
    splitter.setAttribute('aria-valuenow', String(Math.round(clamped * 100)));
  };
  splitter.addEventListener('pointerdown', (event) => {
    splitter.setPointerCapture(event.pointerId);
    const move = (moveEvent: PointerEvent) => {
      const box = panes.getBoundingClientRect();
      setFraction((moveEvent.clientX - box.left) / box.width);
    };
    const up = () => (splitter.removeEventListener('pointermove', move), splitter.removeEventListener('pointerup', up));
    splitter.addEventListener('pointermove', move);
    splitter.addEventListener('pointerup', up);
  });
  splitter.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const now = Number(splitter.getAttribute('aria-valuenow')) / 100;
    setFraction(now + (event.key === 'ArrowRight' ? 0.05 : -0.05));
  });
  return { element: h('div', { class: 'frame' }, h('header', { class: 'top' }, ...header), panes) };
}
