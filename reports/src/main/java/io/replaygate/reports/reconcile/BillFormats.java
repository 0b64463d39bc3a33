package io.replaygate.reports.reconcile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Every usage export {@code reconcile} reads, registered by name; detected from the file's first bytes. */
public final class BillFormats {
  public static final List<BillFormat> ALL = List.of(new AnthropicCostReport(), new OpenAiCosts(),
      new LiteLlmDailyActivity(), new CsvBill());

  private BillFormats() {}

  public static Optional<BillFormat> byName(String name) {
    return ALL.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  public static BillFormat detect(Path file) {
    String head;
    try (InputStream in = Files.newInputStream(file)) {
      head = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BadBillException(file, null, Files.exists(file) ? "unreadable" : "no such file");
    }
    return ALL.stream().filter(f -> f.accepts(file, head)).findFirst().orElseThrow(() -> new BadBillException(file,
        null, "not a usage export replaygate reads (one of: " + String.join(", ", ALL.stream().map(BillFormat::name)
            .toList()) + ")"));
  }
}
