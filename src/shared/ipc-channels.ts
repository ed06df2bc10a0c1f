/** The only two IPC channels: calls (invoke/handle) and events (main → renderer). */
export const IPC_CALL = 'jium:call';
export const IPC_EVENT = 'jium:event';
