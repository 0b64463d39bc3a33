package io.replaygate.costmodel.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads a YAML data file bundled as a class-path resource into its DTO, strictly (an unknown key is an
 * error): a malformed file is a {@link CatalogException} naming it ({@code catalog:<what>}), the line and the key.
 */
public final class BundledYaml {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private BundledYaml() {}

  /** Reads resource {@code resource} next to {@code owner}; errors name it as {@code name}. */
  public static <T> T read(Class<?> owner, String resource, String name, Class<T> type) {
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new CatalogException(name, null, null, "missing from the build");
      }
      return YAML.readValue(in, type);
    } catch (UnrecognizedPropertyException e) {
      throw new CatalogException(name, e.getLocation() == null ? null : e.getLocation().getLineNr(),
          e.getPropertyName(), "unknown key");
    } catch (JsonMappingException e) {
      throw new CatalogException(name, e.getLocation() == null ? null : e.getLocation().getLineNr(), null,
          e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
