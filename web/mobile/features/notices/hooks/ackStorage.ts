const key = (id: number) => `wangge.ack.${id}`;

/** Whether this browser already said 已读 to the notice (so the button stays pressed on the next visit). */
export function isAcknowledged(id: number): boolean {
  try {
    return window.localStorage.getItem(key(id)) !== null;
  } catch {
    return false; // storage blocked (private mode)
  }
}

export function rememberAcknowledged(id: number, at: string): void {
  try {
    window.localStorage.setItem(key(id), at);
  } catch {
    // storage blocked: the button is pressed for this visit only
  }
}
