package io.replaygate.replay.byoc.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.trace.TraceInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FittedStepTimeTest {
  @TempDir
  Path tmp;

  @Test
  void fit_recoversTheCoefficientsOfExactSteps() throws IOException {
    // Steps generated from 3 ms + 40 µs/prefill token + 0.5 ns/attended token + 20 µs/sequence + 60 ns/context token.
    StringBuilder csv = new StringBuilder(FittedStepTime.HEADER + "\n");
    for (int p = 0; p <= 4096; p += 1024) {
      for (int d = 0; d <= 64; d += 16) {
        long ctx = d * (600L + p / 4); // varies apart from p and d, so every term can be told apart
        double att = StepTimeModel.attention(p / 2, p);
        double ms = 3 + 0.040 * p + 0.5e-6 * att + 0.020 * d + 60e-6 * ctx;
        csv.append(p).append(',').append(att).append(',').append(d).append(',').append(ctx).append(',').append(ms).append('\n');
      }
    }
    Path f = tmp.resolve("steps.csv");
    Files.writeString(f, csv);
    FittedStepTime m = FittedStepTime.fit(FittedStepTime.read(f));
    assertArrayEquals(new double[] {3e-3, 40e-6, 0.5e-9, 20e-6, 60e-9}, m.coefficients(), 1e-9);
    assertEquals(1.0, m.rSquared(), 1e-9);
    assertEquals(3e-3 + 40e-6 * 100, m.stepSeconds(100, 0, 0, 0), 1e-9);
  }

  @Test
  void read_badRow_namesLineAndColumn() throws IOException {
    Path f = tmp.resolve("bad.csv");
    Files.writeString(f, FittedStepTime.HEADER + "\n1,2,3,4,5\n1,2,x,4,5\n");
    TraceInputException e = assertThrows(TraceInputException.class, () -> FittedStepTime.read(f));
    assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("decode_seqs"), e.getMessage());
    List<FittedStepTime.Measurement> few = new ArrayList<>();
    assertThrows(IllegalArgumentException.class, () -> FittedStepTime.fit(few));
  }
}
