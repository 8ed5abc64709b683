// Request builder panel (browser side).
export {};
