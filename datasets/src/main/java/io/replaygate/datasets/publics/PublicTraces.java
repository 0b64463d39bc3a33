package io.replaygate.datasets.publics;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.replaygate.datasets.WorkloadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/** The public-trace catalog ({@code public-traces.yaml}, bundled data): list and look up by name. */
public final class PublicTraces {
  private static final String RESOURCE = "/io/replaygate/datasets/public-traces.yaml";
  private static final List<PublicTrace> ALL = load();

  private PublicTraces() {
  }

  private record Catalog(List<PublicTrace> traces) {
  }

  private static List<PublicTrace> load() {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    try (InputStream in = PublicTraces.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing bundled resource " + RESOURCE);
      }
      return List.copyOf(yaml.readValue(in, Catalog.class).traces());
    } catch (IOException e) {
      throw new UncheckedIOException("bundled " + RESOURCE + " is unreadable: " + e.getMessage(), e);
    }
  }

  public static List<PublicTrace> all() {
    return ALL;
  }

  public static PublicTrace byName(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() -> new WorkloadException(
        "unknown public trace '" + name + "' (known: " + ALL.stream().map(PublicTrace::name)
            .collect(Collectors.joining(", ")) + ")"));
  }
}
