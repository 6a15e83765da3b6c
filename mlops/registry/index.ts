export { checkModelName, mlopsHome, modelFolder } from "./home.js";
export { type RegisterModelOptions, type RegisterResult, registerModel } from "./register.js";
export { type ModelUri, parseModelUri, resolveModelRef, resolveModelVersion } from "./resolve.js";
export { findLatest, listModels, type ModelVersion, readVersion, versionNumbers } from "./store.js";
