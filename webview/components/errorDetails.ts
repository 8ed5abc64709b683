// Error details of a failed call (google.rpc.Status from grpc-status-details-bin), one titled block per
// detail. Self-contained: give it the summary's statusDetails, put its element where the status shows.
// Wording comes from src/shared/errorDetails.ts, the same as the CLI's text output.
import { detailView, type StatusDetails } from '../../src/shared/errorDetails';
import { h, replaceChildren } from '../dom';

export interface ErrorDetailsApi {
  element: HTMLElement;
  /** Shows the details, or hides the block when there are none. */
  show(details: StatusDetails | undefined): void;
}

export function errorDetailsView(): ErrorDetailsApi {
  const element = h('section', { class: 'error-details', id: 'error-details', 'aria-label': 'Error details', hidden: true });
  return {
    element,
    show(details) {
      if (!details || (details.details.length === 0 && !details.problem)) {
        element.hidden = true;
        replaceChildren(element);
        return;
      }
      element.hidden = false;
      replaceChildren(
        element,
        h('div', { class: 'error-details-title' }, `Error details (${details.details.length})`),
        details.problem ? h('div', { class: 'error-details-problem' }, `The details could not be read: ${details.problem}`) : null,
        ...details.details.map((detail) => {
          const view = detailView(detail);
          return h(
            'div',
            { class: 'error-detail', 'data-type': detail.type },
            h('div', { class: 'error-detail-title', title: detail.type }, view.title),
            h('dl', {}, ...view.rows.flatMap((row) => [h('dt', {}, row.label), h('dd', {}, row.value)])),
          );
        }),
      );
    },
  };
}
