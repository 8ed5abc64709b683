// Always-visible indicators: Owner, Certificate and Transport. Each shows a coloured light and a
// one-word state; the tooltip and the expandable details carry the facts.
import { button } from '../controls';
import { h, icon, replaceChildren } from '../dom';
import { describeError, type Host } from '../host';
import type { CertificateView, Light, OwnerView, TransportView } from '../../src/shared/protocol';
import type { Store } from '../store';

export interface IndicatorsApi {
  element: HTMLElement;
  owner(view: OwnerView | null): void;
  certificate(view: CertificateView | null): void;
  transport(view: TransportView | null): void;
}

export function indicators(host: Host, store: Store): IndicatorsApi {
  const details = h('div', { class: 'indicator-details', role: 'region', 'aria-label': 'Indicator details' });
  let open: string | null = null;
  const detailFor = new Map<string, () => HTMLElement[]>();

  const chip = (id: string, name: string, codicon: string) => {
    const light = h('span', { class: 'light grey', 'aria-hidden': 'true' });
    const state = h('span', { class: 'chip-state' }, 'unknown');
    const element = h(
      'button',
      { type: 'button', class: 'chip', id, 'aria-expanded': 'false', on: { click: () => toggle(id) } },
      icon(codicon),
      h('span', { class: 'chip-name' }, name),
      light,
      state,
    );
    return {
      element,
      set(lightValue: Light, text: string, tooltip: string) {
        light.className = `light ${lightValue}`;
        state.textContent = text;
        element.title = tooltip;
        element.setAttribute('data-light', lightValue);
      },
    };
  };

  const toggle = (id: string) => {
    open = open === id ? null : id;
    render();
  };
  const render = () => {
    for (const button of bar.querySelectorAll('.chip')) button.setAttribute('aria-expanded', String(button.id === open));
    replaceChildren(details, ...(open ? (detailFor.get(open)?.() ?? []) : []));
  };

  const ownerChip = chip('indicator-owner', 'Owner', 'person');
  const certChip = chip('indicator-certificate', 'Certificate', 'shield');
  const transportChip = chip('indicator-transport', 'Transport', 'plug');
  const bar = h('div', { class: 'indicator-bar' }, ownerChip.element, certChip.element, transportChip.element);
  ownerChip.set('grey', 'not checked', 'Connect to check who owns and who listens on the socket.');
  certChip.set('grey', 'no TLS', 'The target does not use TLS.');
  transportChip.set('grey', 'none', 'Connect to see the transport.');

  const pin = async (sha256: string) => {
    const targetId = store.runtime.targetId;
    if (!targetId) return;
    try {
      await host.request('pinCertificate', { targetId, sha256 });
      const view = store.runtime.certificate;
      if (view) api.certificate({ ...view, pin: 'pinned-match', light: view.light === 'red' ? 'red' : 'green' });
      // The pin now vouches for the server, so what failed the chain check can load.
      store.emit('target');
    } catch (error) {
      replaceChildren(details, describeError(error).message);
    }
  };

  const api: IndicatorsApi = {
    element: h('div', { class: 'indicators' }, bar, details),
    owner(view) {
      store.runtime.owner = view;
      if (!view) ownerChip.set('grey', 'not checked', 'Connect to check the owner.');
      else ownerChip.set(view.light, view.summary, [view.summary, ...view.details, view.blockReason ?? ''].filter(Boolean).join('\n'));
      detailFor.set('indicator-owner', () =>
        view ? [...view.details, view.blockReason ?? ''].filter(Boolean).map((line) => h('div', {}, line)) : [],
      );
      store.block('owner', view?.blockReason ?? null);
      render();
    },
    certificate(view) {
      store.runtime.certificate = view;
      if (!view) certChip.set('grey', 'no TLS', 'The target does not use TLS.');
      else {
        const pinText = view.pin === 'not-pinned' ? 'not pinned' : view.pin === 'pinned-match' ? 'pinned, matches' : 'PIN MISMATCH';
        const lines = certificateLines(view);
        certChip.set(view.light, pinText, lines.join('\n'));
      }
      detailFor.set('indicator-certificate', () =>
        view
          ? ([
              ...certificateLines(view).map((line) => h('div', {}, line)),
              view.pin === 'not-pinned'
                ? button('Pin this certificate', () => void pin(view.sha256), {
                    icon: 'pinned',
                    id: 'pin-certificate',
                    title: 'Trust only this certificate for this target from now on',
                  })
                : null,
            ].filter((node) => node !== null) as HTMLElement[])
          : [],
      );
      store.block('certificate', view?.blockReason ?? null);
      render();
    },
    transport(view) {
      if (!view) transportChip.set('grey', 'none', 'Connect to see the transport.');
      else transportChip.set('green', view.summary, [view.summary, ...view.details].join('\n'));
      detailFor.set('indicator-transport', () => (view ? view.details.map((line) => h('div', {}, line)) : []));
      render();
    },
  };
  return api;
}

function certificateLines(view: CertificateView): string[] {
  return [
    `Subject: ${view.subject}`,
    `Issuer: ${view.issuer}`,
    `SANs: ${view.subjectAltNames.join(', ') || 'none'}`,
    `Valid: ${view.validFrom} to ${view.validTo}`,
    `SHA-256: ${view.sha256}`,
    `Chain: ${view.chain}`,
    `Pin: ${view.pin}`,
    view.blockReason ?? '',
  ].filter(Boolean);
}
