package io.replaygate.reports.reconcile;

import java.nio.file.Path;
import java.util.List;

/** A provider usage or cost export that {@code reconcile} reads; one implementation per file, named in {@link BillFormats}. */
public interface BillFormat {
  /** The name {@code --usage-format} takes. */
  String name();

  /** Whether the file is of this format (from its first bytes, already read). */
  boolean accepts(Path file, String head);

  /** Every line of the bill. Throws {@link BadBillException} naming the file, place and field. */
  List<BillLine> read(Path file);
}
