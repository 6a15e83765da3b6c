import { CliError } from "../cli/errors.js";
import type { AzureRunOptions } from "./index.js";

// Placeholder until the submitter lands (issue #6): fails loudly instead of pretending.
export async function runAzurePipeline(_options: AzureRunOptions): Promise<number> {
  throw new CliError("run --target azureml is being built (issue #6)");
}
