// A graph configured through the legacy `config.configurable`, declared with an
// Annotation. Like `writer` it needs no LLM: it echoes the configurable values.
import { Annotation, StateGraph } from "@langchain/langgraph";

const Configurable = Annotation.Root({
  model: Annotation<string>,
  system_prompt: Annotation<string>,
  tools: Annotation<string[]>,
});

const State = Annotation.Root({
  question: Annotation<string>,
  received_config: Annotation<Record<string, unknown>>,
});

export const graph = new StateGraph(State, Configurable)
  .addNode("echo", (_state, config) => {
    const { model, system_prompt, tools } = config.configurable ?? {};
    return { received_config: { model, system_prompt, tools } };
  })
  .addEdge("__start__", "echo")
  .compile();
