/** An error answer of the API: {error: {code, message, details}} with its HTTP status (0 when the network failed). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown[] = [],
  ) {
    super(message);
  }
}
