/** The request panel's view type; package.json has `onWebviewPanel:` with the same id. */
export const REQUEST_PANEL_VIEW_TYPE = 'grpcIpc.requestPanel';
