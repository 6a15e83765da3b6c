// The project's own model: the one place the machinery reaches into the user's folders, through their public faces
// (training/index.ts's `model`, scoring/index.ts's `load`). Every step takes a model as an option and falls back to
// this one, so the machinery's tests run on fixture models of their own.

import { load } from "../../scoring/index.js";
import { model } from "../../training/index.js";
import type { ModelDefinition, Predictor } from "../contract/index.js";

/** The model in training/. */
export const projectModel: ModelDefinition = model as ModelDefinition;

/** scoring/'s loader: a model folder as a predictor (the server's and the batch scorer's default). */
export const loadProjectPredictor: (modelDir: string) => Promise<Predictor> = load;
