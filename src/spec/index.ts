// The spec stage: YAML files in a repository -> RepoConfig + DesiredAssistant[].
// Every problem is a SpecIssue with file:line:col; loaders throw one SpecError.
export { type AssistantParseResult, assistantFromYaml, parseAssistantDocument } from "./document.js";
export {
  DEFAULT_CODEGEN_OUTPUT,
  DEFAULT_OWNER,
  loadRepoConfig,
  parseRepoConfigDocument,
  REPO_CONFIG_FILE,
  type RepoConfig,
  type RepoConfigParseResult,
} from "./config.js";
export { ASSISTANTS_FOLDER, findAssistantFiles, openRepository, type Repository } from "./files.js";
export { resolveIncludePath } from "./include-path.js";
export { describeValue, didYouMean } from "./issues.js";
export { loadAssistants, loadRepo, readAssistants } from "./load.js";
export { locate, type PathSegment, type Position } from "./paths.js";
export {
  type AssistantFile,
  assistantConfigSchema,
  assistantFileSchema,
  NAME_PATTERN,
  RESERVED_METADATA_PREFIX,
  repoConfigFileSchema,
} from "./schema.js";
export type { IncludeReader } from "./walk.js";
export { FILE_TAG, parseYaml } from "./yaml.js";
