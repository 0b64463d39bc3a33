package io.replaygate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.trace.SharedTraces;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every public sample through the CLI: inspect and validate succeed and count what the README says. */
@EnabledIf("io.replaygate.trace.SharedTraces#present")
class RealTracesCliTest {

  @ParameterizedTest
  @CsvSource({"mooncake/conversation_trace.jsonl, '12,031'", "mooncake/synthetic_trace.jsonl, '3,993'",
      "azure_llm_2023/AzureLLMInferenceTrace_code.csv, '8,819'",
      "azure_llm_2023/AzureLLMInferenceTrace_conv.csv, '19,366'"})
  void inspectAndValidate_publicSample(String file, String records) {
    String path = SharedTraces.resolve(file).toString();
    CliTest.Result inspect = CliTest.run("inspect", path);
    assertEquals(0, inspect.code(), inspect.err());
    assertTrue(inspect.out().contains("records        " + records), inspect.out());
    CliTest.Result validate = CliTest.run("validate", path);
    assertEquals(0, validate.code(), validate.out());
  }

  @org.junit.jupiter.api.Test
  void inspect_allWekaFiles_flattensSubAgents() throws java.io.IOException {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("inspect"));
    try (var files = java.nio.file.Files.list(SharedTraces.resolve("weka_claude_code"))) {
      files.map(Object::toString).filter(f -> f.endsWith(".json")).sorted().forEach(args::add);
    }
    CliTest.Result r = CliTest.run(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("records        3,256"), r.out());
    assertTrue(r.out().contains("sessions       53"), "42 conversations + 11 sub-agents: " + r.out());
  }
}
