/** The index's errors, as the surfaces (CLI, bot) meet them through the engine. */
export { IndexError } from "../index/errors.js";
export { IndexBusyError, IndexSpaceError } from "../index/generations.js";
