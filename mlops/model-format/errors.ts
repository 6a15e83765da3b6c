import { CliError } from "../errors/index.js";

/** A model folder that cannot be written or read; the message names the file and the field. */
export class ModelFormatError extends CliError {
  constructor(message: string) {
    super(message);
    this.name = "ModelFormatError";
  }
}
