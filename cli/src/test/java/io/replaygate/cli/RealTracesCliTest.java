package io.replaygate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every public sample through the CLI: inspect and validate succeed and count what the README says. */
@EnabledIf("present")
class RealTracesCliTest {
  static final Path SHARED = Path.of("../../shared/traces");

  static boolean present() {
    return Files.isDirectory(SHARED);
  }

  @ParameterizedTest
  @CsvSource({"mooncake/conversation_trace.jsonl, '12,031'", "mooncake/synthetic_trace.jsonl, '3,993'",
      "azure_llm_2023/AzureLLMInferenceTrace_code.csv, '8,819'",
      "azure_llm_2023/AzureLLMInferenceTrace_conv.csv, '19,366'"})
  void inspectAndValidate_publicSample(String file, String records) {
    String path = SHARED.resolve(file).toString();
    CliTest.Result inspect = CliTest.run("inspect", path);
    assertEquals(0, inspect.code(), inspect.err());
    assertTrue(inspect.out().contains("records        " + records), inspect.out());
    CliTest.Result validate = CliTest.run("validate", path);
    assertEquals(0, validate.code(), validate.out());
  }
}
