package io.replaygate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * What every {@code --json} prints: one mapper, snake_case keys (records' camelCase components are renamed by it;
 * trees built by hand use snake_case keys themselves — {@code HelpStyleTest} reads every command's JSON), indented,
 * one document per command.
 */
final class CliJson {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private CliJson() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Prints {@code value} (a tree, a record, a map) as one indented JSON document. */
  static void print(PrintWriter out, Object value) {
    out.println(write(value));
    out.flush();
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
