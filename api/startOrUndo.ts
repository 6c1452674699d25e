/**
 * Rows are written before their workflow starts, so lists show the new object at once; if the workflow cannot be
 * started the rows are taken back, so nothing is left half-made.
 */
export async function startOrUndo(start: () => Promise<unknown>, undo: () => Promise<unknown>): Promise<void> {
  try {
    await start();
  } catch (err) {
    await undo();
    throw err;
  }
}
