/** Errors about the index folder, each with the command that fixes it. */
export class IndexError extends Error {
  constructor(
    message: string,
    readonly fix = "npm run -s cli -- ingest",
  ) {
    super(`${message}; fix it with: ${fix}`);
  }
}
