package io.replaygate.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.replaygate.replay.byoc.ClusterDefaults;
import io.replaygate.replay.byoc.step.RooflineStepTime;
import io.replaygate.replay.byoc.step.StepTimeModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The step-time line of a BYOC result's assumptions, for each way a deployment can be given its step time. */
class StepTimeAssumptionTest {
  @Test
  void fitted_namesItsMeasurements() {
    var d = ClusterDefaults.DEPLOYMENT.withStep(new StepTimeModels.Config(StepTimeModels.FITTED,
        RooflineStepTime.Params.DEFAULT, Path.of("/data/bench/steps.csv")));
    assertEquals("step time: p/cluster is fitted by least squares to the steps in steps.csv (no roofline)",
        Replay.stepTimeAssumption("p/cluster", d));
  }

  @Test
  void yourRoofline_statesItsParameters_andThatTheyAreNotTheFit() {
    var d = ClusterDefaults.DEPLOYMENT.withStep(new StepTimeModels.Config(StepTimeModels.ROOFLINE,
        new RooflineStepTime.Params(0.4, 0.8, 2.5, 10, 0.7, 0, 0.9), null));
    assertEquals("step time: p/cluster is a roofline (your parameters): compute at 40% of H100-SXM-80GB's peak, HBM at "
        + "80%, 2.5 ms + 0 µs per running sequence per step, all-reduces 10 µs + their bytes at 90% of the link, "
        + "tp_scaling 0.7 — not the published-point fit; fit your engine's own steps with step_time: {model: fitted}",
        Replay.stepTimeAssumption("p/cluster", d));
  }
}
