/**
 * The two things Esc/Ctrl+C can reach in a screen's running operation: a yes/no question waiting for
 * the user, and the operation's AbortController. Shared by the apps and stacks panels.
 */
type Ref<T> = { current: T };
type Answer = ((ok: boolean) => void) | undefined;

/** Answers the pending question, if any, once. */
export function answerPending(confirm: Ref<Answer>, ok: boolean): void {
  const r = confirm.current;
  confirm.current = undefined;
  r?.(ok);
}

/** Declines a pending question, or else aborts the running operation; true when something was cancelled. */
export function cancelPending(confirm: Ref<Answer>, abort: Ref<AbortController | undefined>): boolean {
  if (confirm.current) {
    answerPending(confirm, false);
    return true;
  }
  if (abort.current && !abort.current.signal.aborted) {
    abort.current.abort();
    return true;
  }
  return false;
}
