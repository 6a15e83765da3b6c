import { notBuilt } from "../not-built.js";

export const command = notBuilt("train", 2, 1);
