// Graph schemas: pulled from the deployment, committed under schemas/,
// checked offline against every assistant, turned into TypeScript types and
// editor schemas.
export {
  compareWithDisk,
  graphFileStem,
  isChanged,
  parseStoredSchema,
  readAllStoredSchemas,
  readStoredSchema,
  SCHEMAS_FOLDER,
  schemaFilePath,
  serializeStoredSchema,
  writeChanged,
  type GeneratedFile,
  type StoredGraphSchema,
} from "./files.js";
export { fileDiff, pullSchemas, schemaFiles, type PullOptions, type SchemasApi } from "./pull.js";
export { validateAgainstSchemas, validateRepoAssistants } from "./validate.js";
export { CODEGEN_BANNER, codegenFile, generateTypes, pascalCase, typeNamesOf, type GraphTypeNames } from "./codegen.js";
export { EDITOR_FOLDER, editorFiles, FILE_FORMAT_SCHEMA_PATH, fileFormatSchema, graphEditorSchema, graphEditorSchemaPath } from "./editor.js";
export {
  defineAssistant,
  desiredFromDefinitions,
  type AssistantConfigDefinition,
  type AssistantDefinition,
  type DefineAssistant,
  type TypedAssistantDefinition,
} from "./define.js";
export { stableJson } from "../json.js";
