package io.replaygate.replay.byoc.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.replaygate.costmodel.catalog.BundledYaml;
import io.replaygate.costmodel.catalog.CatalogException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The serving models a BYOC replica can run: the bundled {@code models.yaml} plus a scenario's own. */
public final class ModelTable {
  private final Map<String, ModelSpec> byName;

  private ModelTable(Map<String, ModelSpec> byName) {
    this.byName = Map.copyOf(byName);
  }

  /** The bundled table. */
  public static ModelTable bundled() {
    return Bundled.TABLE;
  }

  /** This table with {@code more} added (a name already present is replaced). */
  public ModelTable with(List<ModelSpec> more) {
    Map<String, ModelSpec> all = new LinkedHashMap<>(byName);
    more.forEach(m -> all.put(m.name(), m));
    return new ModelTable(all);
  }

  public Optional<ModelSpec> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public List<String> names() {
    return byName.keySet().stream().sorted().toList();
  }

  private static final class Bundled {
    static final ModelTable TABLE = load();

    private static ModelTable load() {
      String name = "catalog:byoc/spec/models.yaml";
      FileDto f = BundledYaml.read(ModelTable.class, "models.yaml", name, FileDto.class);
      Map<String, ModelSpec> out = new LinkedHashMap<>();
      for (int i = 0; i < f.models.size(); i++) {
        ModelDto m = f.models.get(i);
        try {
          out.put(m.name, new ModelSpec(m.name, m.params, m.activeParams, m.layers, m.hidden, m.heads, m.kvHeads,
              m.headDim, m.mlaKvDim, m.context, m.source, m.managedEquivalents));
        } catch (IllegalArgumentException e) {
          throw new CatalogException(name, null, "models[" + i + "]", e.getMessage());
        }
      }
      return new ModelTable(out);
    }
  }

  record FileDto(@JsonProperty("models") List<ModelDto> models) {}

  record ModelDto(@JsonProperty("name") String name, @JsonProperty("params") double params,
      @JsonProperty("active_params") double activeParams, @JsonProperty("layers") int layers,
      @JsonProperty("hidden") int hidden, @JsonProperty("heads") int heads, @JsonProperty("kv_heads") int kvHeads,
      @JsonProperty("head_dim") int headDim, @JsonProperty("mla_kv_dim") int mlaKvDim,
      @JsonProperty("context") int context, @JsonProperty("source") String source,
      @JsonProperty("managed_equivalents") List<String> managedEquivalents) {}
}
