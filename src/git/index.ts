// The git side of the team flow: provenance for every version, the dirty-tree
// check before an apply, and commit authors for `history`.
export { GitRepo, type CommitInfo } from "./repo.js";
export { ciProvenance, computeProvenance, refuseDirty, trackedInputs, uncommittedInputs } from "./provenance.js";
