import { condition, setHandler } from '@temporalio/workflow';
import { openedUpdate } from '../domain/contract';

/**
 * The `opened` update of a workflow that writes its own row: its caller (Update-with-Start) is answered once
 * `markOpened` has been called. Registering a handler adds no command, so runs begun before it replay unchanged.
 */
export function answerWhenOpened(): { markOpened(): void } {
  let opened = false;
  setHandler(openedUpdate, async () => {
    await condition(() => opened);
    return { opened: true as const };
  });
  return { markOpened: () => void (opened = true) };
}
