import type { Command } from "../command.js";

interface Entry {
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

// Lazy imports: a command pays only for its own modules at start-up (`npm start` has a 2 s budget).
export const commands: Readonly<Record<string, Entry>> = {
  run: {
    summary: "run the training pipeline (prep → train → [evaluate] → register)",
    load: async () => (await import("./run.js")).command,
  },
  sweep: {
    summary: "sweep the model's search space (prep → trials → best → [evaluate] → register)",
    load: async () => (await import("./sweep.js")).command,
  },
  "prep-data": {
    summary: "load and validate data, write the train/test split",
    load: async () => (await import("./prep-data.js")).command,
  },
  train: {
    summary: "train the model; write metrics.json and the MLflow model folder",
    load: async () => (await import("./train.js")).command,
  },
  evaluate: {
    summary: "compare a trained model with the production model; write verdict.json",
    load: async () => (await import("./evaluate.js")).command,
  },
  register: {
    summary: "register a model folder in the model registry",
    load: async () => (await import("./register.js")).command,
  },
  models: { summary: "list registered models", load: async () => (await import("./models.js")).command },
  serve: {
    summary: "serve a model over HTTP (Azure ML inference-server contract)",
    load: async () => (await import("./serve.js")).command,
  },
  ui: {
    summary: "browse runs, models and comparisons in a read-only web app over .mlops/ ('ui report' writes report.html)",
    load: async () => (await import("./ui.js")).command,
  },
  score: { summary: "batch-score a CSV or JSON-lines file", load: async () => (await import("./score.js")).command },
  "smoke-test": {
    summary: "smoke-test a deployed scoring service",
    load: async () => (await import("./smoke-test.js")).command,
  },
  variables: {
    summary: "print the pipeline variables as a run sees them, or export them to a CI job (--export github-env)",
    load: async () => (await import("./variables.js")).command,
  },
  deploy: {
    summary: "deploy a registered model to an Azure ML online endpoint (blue/green)",
    load: async () => (await import("./deploy.js")).command,
  },
  "batch-score": {
    summary: "score a folder in Azure on the batch endpoint with the bundled scorer (pipeline-component deployment)",
    load: async () => (await import("./batch-score.js")).command,
  },
};
