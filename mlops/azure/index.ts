/**
 * Azure ML execution: bundle the steps, upload them as a code asset, submit and follow the pipeline job,
 * register and deploy. Entry point for `mlops run --target azureml`.
 */
import type { Variables } from "../config/index.js";

/** Options of {@link runOnAzureMl}. */
export interface AzureRunOptions {
  readonly variables: Variables;
  readonly dryRun: boolean;
  readonly noWait: boolean;
  /** Re-submit this registered pipeline component version instead of uploading code. */
  readonly pipelineVersion?: string;
  /** Where `--dry-run` writes the recorded calls (default `.mlops/dry-run/<timestamp>/`). */
  readonly dryRunDir?: string;
}

/** Runs the training pipeline on Azure ML; resolves to the process exit code. */
export async function runOnAzureMl(options: AzureRunOptions): Promise<number> {
  const { runAzurePipeline } = await import("./run-pipeline.js");
  return runAzurePipeline(options);
}

export {
  DEPLOY_MODES,
  type DeployMode,
  type DeployOptions,
  deployModel,
  SERVING_ENVIRONMENT,
} from "./deploy/index.js";
