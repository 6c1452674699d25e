/**
 * Started by `npm start` once the API answers: its completion proves that a worker polls the task queue and that a
 * workflow task runs there, which is what "running" promises. It does nothing else and keeps no state.
 */
export async function readinessProbe(): Promise<'ready'> {
  return 'ready';
}
