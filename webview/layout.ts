// The page's frame: a fixed header (indicators, target line, action bar) over two panes, request
// left and response right with a draggable split; the panes stack when the panel is narrow (CSS).
import { h } from './dom';

const MIN_FRACTION = 0.2;

export interface Frame {
  element: HTMLElement;
}

/** Where the split starts, and who keeps it when the user moves it. */
export interface SplitMemory {
  split?: number;
  save(split: number): void;
}

export function frame(header: HTMLElement[], request: HTMLElement[], response: HTMLElement[], memory?: SplitMemory): Frame {
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
  let current = 0.5;
  const setFraction = (fraction: number) => {
    current = Math.min(1 - MIN_FRACTION, Math.max(MIN_FRACTION, fraction));
    // CSSOM, not a style attribute, so the strict CSP allows it.
    panes.style.setProperty('--split', `${(current * 100).toFixed(1)}%`);
    splitter.setAttribute('aria-valuenow', String(Math.round(current * 100)));
  };
  if (typeof memory?.split === 'number' && Number.isFinite(memory.split)) setFraction(memory.split);
  splitter.addEventListener('pointerdown', (event) => {
    splitter.setPointerCapture(event.pointerId);
    const move = (moveEvent: PointerEvent) => {
      const box = panes.getBoundingClientRect();
      setFraction((moveEvent.clientX - box.left) / box.width);
    };
    const up = () => {
      splitter.removeEventListener('pointermove', move);
      splitter.removeEventListener('pointerup', up);
      memory?.save(current);
    };
    splitter.addEventListener('pointermove', move);
    splitter.addEventListener('pointerup', up);
  });
  splitter.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    setFraction(current + (event.key === 'ArrowRight' ? 0.05 : -0.05));
    memory?.save(current);
  });
  return { element: h('div', { class: 'frame' }, h('header', { class: 'top' }, ...header), panes) };
}
