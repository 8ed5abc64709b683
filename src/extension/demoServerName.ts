/** The demo server's name in the tree and the status bar; activation watches it for the walkthrough. */
export const DEMO_SERVER_NAME = 'Demo server';
