// A graph configured through runtime *context* declared with zod.
// It needs no LLM: its single node echoes the context it was run with, so a
// test can prove that what the YAML declared is what the graph receives.
import { Annotation, StateGraph } from "@langchain/langgraph";
import { z } from "zod";

export const WriterContext = z
  .object({
    model_name: z.enum(["anthropic", "openai", "echo"]).describe("Which model family writes the post"),
    system_prompt: z.string().describe("The system prompt given to the model"),
    temperature: z.number().min(0).max(2).optional(),
    max_words: z.number().int().positive().optional(),
  })
  .strict();

const State = Annotation.Root({
  topic: Annotation<string>,
  received_context: Annotation<Record<string, unknown>>,
});

export const graph = new StateGraph(State, WriterContext)
  .addNode("echo", (_state, runtime) => ({
    received_context: { ...(runtime.context ?? {}) },
  }))
  .addEdge("__start__", "echo")
  .compile();
