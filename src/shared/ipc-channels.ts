/**
 * The IPC channels: calls (invoke/handle) and events (main → renderer), and the desk-choice page's
 * questions on first start (src/main/desk.ts), which exist before any engine does.
 */
export const IPC_CALL = 'jium:call';
export const IPC_EVENT = 'jium:event';
export const IPC_DESK = 'jium:desk';
