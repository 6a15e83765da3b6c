export { tempSibling, writeDirAtomic, writeFileAtomic, writeJsonAtomic } from "./atomic.js";
export { sha256, sha256File } from "./hash.js";
