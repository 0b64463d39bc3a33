package io.replaygate.replay.byoc.step;

import io.replaygate.replay.byoc.spec.ReplicaShape;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The step-time models by name: one line per model. */
public enum StepTimeModels {
  ROOFLINE((shape, cfg) -> new RooflineStepTime(shape, cfg.roofline())),
  FITTED((shape, cfg) -> FittedStepTime.fit(FittedStepTime.read(cfg.measurements())));

  /**
   * Which model a replica uses and its inputs.
   *
   * @param model        {@code roofline} [default] or {@code fitted}
   * @param roofline     the roofline's efficiencies and overheads [{@link RooflineStepTime.Params#DEFAULT}]
   * @param measurements the CSV a fitted model is fitted to ({@link FittedStepTime#HEADER})
   */
  public record Config(StepTimeModels model, RooflineStepTime.Params roofline, Path measurements) {
    public static final Config DEFAULT = new Config(ROOFLINE, RooflineStepTime.Params.DEFAULT, null);
  }

  private interface Factory {
    StepTimeModel create(ReplicaShape shape, Config cfg);
  }

  private final Factory factory;

  StepTimeModels(Factory factory) {
    this.factory = factory;
  }

  public StepTimeModel create(ReplicaShape shape, Config cfg) {
    return factory.create(shape, cfg);
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<StepTimeModels> byName(String name) {
    return Arrays.stream(values()).filter(m -> m.wireName().equals(name)).findFirst();
  }
}
